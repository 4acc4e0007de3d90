package io.i2v.worker.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.core.job.JobOptions;
import io.i2v.worker.backend.BackendResult;
import io.i2v.worker.media.VideoInfo;
import io.i2v.worker.media.VideoProbe;
import io.i2v.worker.media.VideoWriter;
import io.i2v.worker.plan.PromptInterpreter;
import io.i2v.worker.plan.RenderPlan;
import io.i2v.worker.results.OutputCheck;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The renderer's output, decoded as a player would: geometry and timing follow the words, the
 * camera moves where it was told and toward the subject, text and cuts appear when they should.
 * Small frames (640 px long side by default) keep this fast.
 */
class RenderOutputTest {
    static final PromptInterpreter WORDS = new PromptInterpreter(new PromptInterpreter.Defaults(640, 30, 2));
    static final VideoWriter.EncoderSettings X264 = new VideoWriter.EncoderSettings(18, "superfast", 0);
    static final FaceFinder FACES = new FaceFinder();

    @TempDir
    Path dir;

    DecodedVideo render(String prompt, BufferedImage... images) throws Exception {
        return DecodedVideo.of(renderFile(prompt, null, images));
    }

    Path renderFile(String prompt, Path audio, BufferedImage... images) throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < images.length; i++) {
            names.add("image" + i + ".jpg");
        }
        RenderPlan plan = WORDS.interpret(
                prompt,
                JobOptions.none(),
                names,
                audio == null ? null : audio.getFileName().toString());
        Path video = Files.createTempFile(dir, "clip", "." + plan.format());
        LocalRenderer.render(plan, List.of(images), FACES, audio, video, null, X264, f -> {});
        OutputCheck.verify(new BackendResult(
                video,
                null,
                null,
                null,
                List.of(),
                plan.width(),
                plan.height(),
                plan.fps(),
                plan.frameCount(),
                plan.format()));
        return video;
    }

    @Test
    void webmMovAndGifComeOutWhenAsked() throws Exception {
        VideoInfo webm = VideoProbe.probe(renderFile("1 second, export as webm", null, plain()));
        assertEquals("vp9", webm.codec());
        VideoInfo mov = VideoProbe.probe(renderFile("1 second as a mov", null, plain()));
        assertEquals("h264", mov.codec());
        assertTrue(mov.faststart());
        Path gifFile = renderFile("1 second gif", null, plain());
        VideoInfo gif = VideoProbe.probe(gifFile);
        assertEquals("gif", gif.codec());
        assertEquals(10, gif.frames());
        byte[] head = Arrays.copyOf(Files.readAllBytes(gifFile), 6);
        assertEquals("GIF89a", new String(head, StandardCharsets.ISO_8859_1));
    }

    @Test
    void musicIsLoopedToTheVideoAtItsVolumeAndFadesOut() throws Exception {
        // one second of a 440 Hz tone, mono 44.1 kHz: shorter than the video, another rate and layout
        Path wav = dir.resolve("tone.wav");
        int rate = 44_100;
        byte[] pcm = new byte[rate * 2];
        for (int i = 0; i < rate; i++) {
            short v = (short) Math.round(Math.sin(2 * Math.PI * 440 * i / rate) * 16000);
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        AudioFormat fmt = new AudioFormat(rate, 16, 1, true, false);
        AudioSystem.write(
                new AudioInputStream(new ByteArrayInputStream(pcm), fmt, rate),
                AudioFileFormat.Type.WAVE,
                wav.toFile());

        Path video = renderFile("3 seconds with the music at 50% volume, static", wav, plain());
        DecodedAudio audio = DecodedAudio.of(video);
        assertEquals("aac", audio.codec());
        assertEquals(3.0, audio.seconds(), 0.05, "trimmed or looped to the video's length");
        double full = 16000 / Math.sqrt(2);
        assertEquals(full * 0.5, audio.rms(0.4, 0.8), full * 0.05, "at half volume");
        assertEquals(full * 0.5, audio.rms(1.2, 1.6), full * 0.05, "the one-second tone loops");
        assertTrue(audio.rms(2.9, 3.0) < full * 0.1, "faded out at the end: " + audio.rms(2.9, 3.0));
        assertTrue(audio.rms(2.3, 2.5) < audio.rms(1.2, 1.6), "fading before the end");

        Path silent = renderFile("3 seconds, static", null, plain());
        assertEquals(null, DecodedAudio.of(silent), "no audio file, no audio track");
    }

    static BufferedImage plain() {
        return Scenes.textured(1280, 720, new Color(60, 70, 80), 3);
    }

    @Test
    void durationSizeAndFrameRateFollowEachPhraseFamily() throws Exception {
        record Case(String prompt, int w, int h, double fps, double seconds) {}
        for (Case c : List.of(
                new Case("a 1-second 720p clip", 1280, 720, 30, 1),
                new Case("vertical, 1.5s, 24 fps", 360, 640, 24, 1.5),
                new Case("正方形 1 秒 25 帧", 360, 360, 25, 1),
                new Case("4:5 for instagram, 1 second at 60 fps", 360, 450, 60, 1),
                new Case("竖屏 1秒", 360, 640, 30, 1))) {
            DecodedVideo v = render(c.prompt(), plain());
            assertEquals(c.w(), v.width(), c.prompt());
            assertEquals(c.h(), v.height(), c.prompt());
            assertEquals(c.fps(), v.fps(), 0.01, c.prompt());
            assertEquals(Math.round(c.seconds() * c.fps()), v.frames().size(), c.prompt());
            assertEquals(c.seconds(), v.durationSeconds(), 1.5 / c.fps(), c.prompt());
        }
    }

    @Test
    void zoomInMagnifiesTowardTheOffCentreSubject() throws Exception {
        DecodedVideo v = render("2 s dramatic zoom in", Scenes.withSubject(1280, 720, 0.75, 0.32, 0.05));
        double[] first = v.redBlob(v.frames().get(0));
        double[] last = v.redBlob(v.frames().get(v.frames().size() - 1));
        assertTrue(last[2] > first[2] * 1.3, "the subject grows: " + first[2] + " → " + last[2]);
        double d0 = Math.hypot(first[0] - 0.5, first[1] - 0.5);
        double d1 = Math.hypot(last[0] - 0.5, last[1] - 0.5);
        assertTrue(d1 < d0 - 0.05, "the subject moves toward the centre: " + d0 + " → " + d1);
    }

    @Test
    void pushInAimsAtTheFaceRatherThanTheMostColourfulThing() throws Exception {
        BufferedImage scene = Faces.besideARedDisc();
        Subject salient = new Saliency().find(scene);
        assertTrue(
                Math.hypot(salient.x() - Faces.SCENE_FACE_X, salient.y() - Faces.SCENE_FACE_Y) > 0.15,
                "this scene fools saliency alone (it aims at " + salient + "), so the test can tell");
        // the camera's aim is what this checks, so one rigid move (LivingPhotoTest checks the layers' own motion)
        DecodedVideo v = render("3 s dramatic flat push in", scene);
        double[] first = Faces.faceIn(FACES, v, 0);
        double[] last = Faces.faceIn(FACES, v, v.frames().size() - 1);
        double d0 = Math.hypot(first[0] - 0.5, first[1] - 0.5);
        double d1 = Math.hypot(last[0] - 0.5, last[1] - 0.5);
        assertTrue(d1 < d0 - 0.08, "the face moves toward the centre: " + d0 + " → " + d1);
        assertTrue(last[2] > first[2] * 1.1, "and grows: " + first[2] + " → " + last[2]);
    }

    @Test
    void panRightMovesTheViewRightSoTheSceneSlidesLeft() throws Exception {
        DecodedVideo v = render("pan right, 2 seconds", Scenes.withSubject(1280, 720, 0.5, 0.5, 0.05));
        double[] first = v.redBlob(v.frames().get(0));
        double[] last = v.redBlob(v.frames().get(v.frames().size() - 1));
        assertTrue(last[0] < first[0] - 0.05, "x " + first[0] + " → " + last[0]);
        assertEquals(first[1], last[1], 0.01, "no vertical drift");
        DecodedVideo left = render("pan left, 2 seconds", Scenes.withSubject(1280, 720, 0.5, 0.5, 0.05));
        assertTrue(left.redBlob(left.frames().get(59))[0]
                > left.redBlob(left.frames().get(0))[0] + 0.05);
        DecodedVideo up = render("tilt up, 2 seconds", Scenes.withSubject(1280, 720, 0.5, 0.5, 0.05));
        assertTrue(
                up.redBlob(up.frames().get(59))[1] > up.redBlob(up.frames().get(0))[1] + 0.03,
                "tilting up slides the scene down");
    }

    @Test
    void reframingLandscapeToVerticalKeepsTheSubjectWhollyInFrame() throws Exception {
        // subject near the right edge: a centre crop would cut it off entirely
        DecodedVideo v = render("vertical push in", Scenes.withSubject(1600, 900, 0.85, 0.5, 0.04));
        int cw = v.width() / 2;
        int ch = v.height() / 2;
        for (int i = 0; i < v.frames().size(); i += 10) {
            double[] blob = v.redBlob(v.frames().get(i));
            assertTrue(blob[2] > 0, "subject visible in frame " + i);
            assertTrue(
                    blob[3] > 0 && blob[4] < cw - 1 && blob[5] > 0 && blob[6] < ch - 1,
                    "subject not cut by the frame edge in frame " + i);
        }
    }

    @Test
    void wholeImageIsShownOverABlurredFillWhenAsked() throws Exception {
        // red discs at the far left and right of a landscape image: a vertical crop cannot hold both
        BufferedImage img = Scenes.withSubject(1600, 900, 0.06, 0.5, 0.03);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(235, 20, 20));
        g.fillOval((int) (0.94 * 1600 - 48), 450 - 48, 96, 96);
        g.dispose();
        DecodedVideo v = render("vertical, show the whole image, static", img);
        byte[] f = v.frames().get(0);
        double[] blob = v.redBlob(f);
        assertTrue(
                blob[3] < v.width() / 2 * 0.2 && blob[4] > v.width() / 2 * 0.8,
                "both ends of the image are in the frame: " + blob[3] + ".." + blob[4]);
    }

    @Test
    void titleIsVisibleInItsTimeRangeAndAbsentOutside() throws Exception {
        DecodedVideo v = render("3 seconds, title \"HELLO\" for the first 1 second, static", plain());
        int x0 = v.width() / 4;
        int x1 = v.width() * 3 / 4;
        int y0 = v.height() * 2 / 5;
        int y1 = v.height() * 3 / 5;
        int during = v.brightPixels(v.at(0.5), x0, y0, x1, y1);
        int after = v.brightPixels(v.at(2.0), x0, y0, x1, y1);
        int later = v.brightPixels(v.at(2.9), x0, y0, x1, y1);
        assertTrue(during > 300, "white title letters in the centre while it shows: " + during);
        assertEquals(0, after, "gone after its end");
        assertEquals(0, later, "and stays gone");
        int fadingIn = v.brightPixels(v.frames().get(2), x0, y0, x1, y1);
        assertTrue(fadingIn < during, "the title fades in: " + fadingIn + " < " + during);
    }

    @Test
    void charactersNoFontCanDrawAreReportedNotHidden() {
        boolean drawable = new Font(Font.SANS_SERIF, Font.BOLD, 30).canDisplayUpTo("城市") == -1;
        TimelineFrames chinese =
                new TimelineFrames(WORDS.interpret("标题「城市」", JobOptions.none()), List.of(plain()), FACES);
        assertEquals(!drawable, !chinese.notes().isEmpty(), "reported exactly when this machine lacks the glyphs");
        TimelineFrames latin =
                new TimelineFrames(WORDS.interpret("title \"City\"", JobOptions.none()), List.of(plain()), FACES);
        assertEquals(List.of(), latin.notes());
    }

    @Test
    void cinematicAddsLetterboxBars() throws Exception {
        DecodedVideo v = render("cinematic, 1 second", plain());
        byte[] f = v.frames().get(10);
        assertEquals(16, v.meanLuma(f, 0, 0, v.width(), 30), 2, "black bar at the top");
        assertEquals(16, v.meanLuma(f, 0, v.height() - 30, v.width(), v.height()), 2, "black bar at the bottom");
        assertTrue(v.meanLuma(f, 0, v.height() / 2 - 20, v.width(), v.height() / 2 + 20) > 40, "picture between");
    }

    @Test
    void slideshowOfThreeImagesHasThreeSegmentsInOrder() throws Exception {
        DecodedVideo v = render(
                "3 s slideshow",
                Scenes.textured(800, 450, new Color(200, 40, 40), 1),
                Scenes.textured(800, 450, new Color(40, 200, 40), 2),
                Scenes.textured(800, 450, new Color(40, 40, 200), 3));
        List<Character> segments = new ArrayList<>();
        for (byte[] f : v.frames()) {
            double[] c = v.meanChroma(f);
            // Cr high: red; Cb high: blue; both low: green; in between: a cross-fade
            char k = c[1] > 160 ? 'R' : c[0] > 160 ? 'B' : c[0] < 110 && c[1] < 110 ? 'G' : '~';
            if (k != '~' && (segments.isEmpty() || segments.get(segments.size() - 1) != k)) {
                segments.add(k);
            }
        }
        assertEquals(List.of('R', 'G', 'B'), segments);
    }
}
