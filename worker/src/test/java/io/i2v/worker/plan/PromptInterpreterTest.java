package io.i2v.worker.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.i2v.core.job.JobOptions;
import io.i2v.worker.render.CameraPath;
import io.i2v.worker.render.ShotDepth;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptInterpreterTest {
    final PromptInterpreter interpreter = new PromptInterpreter(new PromptInterpreter.Defaults(1920, 30, 10));

    RenderPlan plan(String prompt) {
        return interpreter.interpret(prompt, JobOptions.none());
    }

    String kind(String prompt) {
        return plan(prompt).motion().kind();
    }

    @Test
    void theProductExampleGivesTenSecondsOf1080pWithAnEasedCinematicPushIn() {
        RenderPlan p = plan("animate this image into a 10-second cinematic video with smooth motion");
        assertEquals(1920, p.width());
        assertEquals(1080, p.height());
        assertEquals(30, p.fps());
        assertEquals(300, p.frameCount());
        assertEquals("push in", p.motion().kind());
        assertTrue(p.motion().intensity() < 1, "cinematic push-in is gentle");
        assertEquals(CameraPath.Easing.SMOOTH, p.motion().easing());
        assertTrue(p.look().letterbox() && p.look().grade());
        assertEquals(List.of(), p.interpretation().notUnderstood());
    }

    @Test
    void durationIsReadInEveryCommonSpelling() {
        assertEquals(10, plan("10s clip").durationSeconds());
        assertEquals(12, plan("a 12-second reel").durationSeconds());
        assertEquals(7.5, plan("make it 7.5 seconds").durationSeconds());
        assertEquals(6, plan("生成一个 6 秒的视频").durationSeconds());
        assertEquals(10, plan("生成一个10秒的视频").durationSeconds());
        assertEquals(15, plan("十五秒").durationSeconds());
        assertEquals(10, plan("no duration here").durationSeconds());
    }

    @Test
    void outOfRangeDurationIsClampedAndSaidSo() {
        RenderPlan p = plan("a 500 second epic");
        assertEquals(60, p.durationSeconds());
        assertTrue(p.interpretation().notUnderstood().get(0).contains("outside 1–60 s"));
    }

    @Test
    void aspectAndResolutionShapeTheFrame() {
        for (String vertical :
                List.of("vertical video for TikTok", "portrait", "Instagram Reels", "YouTube Shorts", "竖屏视频", "9:16")) {
            RenderPlan p = plan(vertical);
            assertEquals(1080, p.width(), vertical);
            assertEquals(1920, p.height(), vertical);
        }
        assertEquals(1080, plan("square post").height());
        assertEquals(1080, plan("square post").width());
        assertEquals(1080, plan("1:1").width());
        RenderPlan small = plan("720p please");
        assertEquals(1280, small.width());
        assertEquals(720, small.height());
        assertEquals(1350, plan("4:5 for instagram").height());
        RenderPlan tall720 = plan("vertical 720p");
        assertEquals(720, tall720.width());
        assertEquals(1280, tall720.height());
        RenderPlan k4 = plan("4k");
        assertEquals(1920, k4.width());
        assertTrue(k4.interpretation().notUnderstood().get(0).contains("1920"));
    }

    @Test
    void frameRatesOnOffer() {
        assertEquals(60, plan("smooth 60 fps").fps());
        assertEquals(24, plan("24fps film").fps());
        assertEquals(25, plan("25 帧").fps());
        RenderPlan odd = plan("48 fps");
        assertEquals(30, odd.fps());
        assertFalse(odd.interpretation().notUnderstood().isEmpty());
    }

    @Test
    void everyCameraMoveHasEnglishAndChineseWords() {
        assertEquals("push in", kind("slow zoom in on the flower"));
        assertEquals("push in", kind("推近"));
        assertEquals("zoom out", kind("slowly zoom out"));
        assertEquals("zoom out", kind("pull back to reveal"));
        assertEquals("zoom out", kind("镜头拉远"));
        assertEquals("pan left", kind("pan left across the skyline"));
        assertEquals("pan right", kind("pan right"));
        assertEquals("pan right", kind("向右平移"));
        assertEquals("tilt up", kind("tilt up to the sky"));
        assertEquals("tilt down", kind("tilt down"));
        assertEquals("tilt down", kind("镜头向下"));
        assertEquals("dolly in", kind("dolly in"));
        assertEquals("drift", kind("gentle drift"));
        assertEquals("orbit", kind("orbit around the subject"));
        assertEquals("orbit", kind("环绕"));
        assertEquals("sway", kind("a gentle sway"));
        assertEquals("vertigo", kind("vertigo dolly zoom"));
        assertEquals("vertigo", kind("滑动变焦"));
        assertEquals("rack focus", kind("rack focus from the background to the bottle"));
        assertEquals("rack focus", kind("焦点转移"));
        assertEquals("static", kind("static shot"));
        assertEquals("static", kind("静止"));
    }

    @Test
    void paceAndEasingScaleTheMove() {
        assertTrue(plan("slow push in").motion().intensity() < 1);
        assertTrue(plan("缓慢推近").motion().intensity() < 1);
        assertTrue(plan("dramatic zoom").motion().intensity() > 1);
        assertTrue(plan("fast push").motion().intensity() > 1);
        assertEquals(
                CameraPath.Easing.LINEAR,
                plan("zoom in at constant speed").motion().easing());
        assertEquals(CameraPath.Easing.SMOOTH, plan("smooth zoom").motion().easing());
    }

    @Test
    void quotedTextBecomesATitleOrCaptionWithPositionAndTiming() {
        RenderPlan title = plan("add the title \"Urban Dreams\" for the first 3 seconds, 10 seconds long");
        assertEquals(10, title.durationSeconds());
        Caption t = title.captions().get(0);
        assertEquals("Urban Dreams", t.text());
        assertTrue(t.title());
        assertEquals(0, t.start());
        assertEquals(3, t.end());
        assertEquals("center", t.position());
        assertTrue(t.fade() > 0);

        Caption c = plan("caption 'Shop now' at the bottom at the end")
                        .captions()
                        .isEmpty()
                ? null
                : plan("caption 'Shop now' at the bottom at the end").captions().get(0);
        assertEquals(null, c, "plain apostrophes are not quotes");
        Caption end =
                plan("caption “Shop now” at the top, last 2 seconds").captions().get(0);
        assertEquals("top", end.position());
        assertEquals(8, end.start());
        assertEquals(10, end.end());
        assertTrue(!end.title());
        Caption zh = plan("添加标题「城市之梦」前3秒").captions().get(0);
        assertEquals("城市之梦", zh.text());
        assertEquals(3, zh.end());
    }

    @Test
    void theProductExampleSaysWhatItUnderstoodInOrder() {
        RenderPlan p = plan("animate this image into a 10-second cinematic video with smooth motion");
        assertEquals(
                "10 s 1920x1080 @ 30 fps, push in (gentle), cinematic, depth auto",
                p.interpretation().summary());
        assertEquals(
                List.of(
                        "duration 10 s",
                        "cinematic: 2.39:1 letterbox, subtle grade, gentle push-in",
                        "smooth eased motion",
                        "camera: push in"),
                p.interpretation().understood());
    }

    @Test
    void captionsRunFromToAsAskedOrTheWholeVideoByDefault() {
        Caption span = plan("caption \"x\" from 2 s to 5 seconds").captions().get(0);
        assertEquals(2, span.start());
        assertEquals(5, span.end());
        Caption zh = plan("字幕「你好」2秒到4秒").captions().get(0);
        assertEquals(2, zh.start());
        assertEquals(4, zh.end());
        Caption whole = plan("caption \"x\"").captions().get(0);
        assertEquals(0, whole.start());
        assertEquals(10, whole.end());
        assertEquals("bottom", whole.position());
        assertEquals(0, plan("title \"x\" no fade").captions().get(0).fade());
    }

    @Test
    void editsMakeItLongerOrShorterAndClipTextThatNoLongerFits() {
        RenderPlan parent = plan("10-second push in, caption \"Harbor\" throughout");
        assertEquals(15, interpreter.edit(parent, "longer", JobOptions.none()).durationSeconds());
        RenderPlan shorter = interpreter.edit(parent, "shorter", JobOptions.none());
        assertEquals(10 / 1.5, shorter.durationSeconds(), 1e-9);
        assertEquals(10 / 1.5, shorter.captions().get(0).end(), 1e-9);
        assertEquals(List.of("shorter: 6.67 s"), shorter.interpretation().understood());
        assertEquals(
                List.of("not acted on: longer"),
                plan("longer").interpretation().notUnderstood(),
                "longer means nothing without a parent");
    }

    @Test
    void editsCanTakeAwayTheTitleAndTheLetterbox() {
        RenderPlan parent = plan("cinematic push in with the title \"Harbor\"");
        RenderPlan untitled = interpreter.edit(parent, "remove the title", JobOptions.none());
        assertEquals(List.of(), untitled.captions());
        assertEquals(List.of("text removed"), untitled.interpretation().understood());
        assertEquals(
                new Look(false, true),
                interpreter.edit(parent, "no letterbox", JobOptions.none()).look(),
                "the grade stays");
        assertEquals(
                List.of("no change recognised; same as before"),
                interpreter.edit(parent, "", JobOptions.none()).interpretation().understood());
    }

    @Test
    void gifLeavesTheMusicOutAndAnUnknownFormatOptionIsReported() {
        RenderPlan gif = interpreter.interpret("gif", JobOptions.none(), List.of("a"), "a.mp3");
        assertEquals(null, gif.music());
        assertEquals(
                List.of("GIF has no sound; the music is left out"),
                gif.interpretation().notUnderstood());
        RenderPlan avi = interpreter.interpret("webm", new JobOptions(null, null, null, null, null, null, "avi"));
        assertEquals("webm", avi.format());
        assertTrue(avi.interpretation().notUnderstood().get(0).contains("\"avi\" is not offered"));
    }

    @Test
    void explicitOptionsWinOverTheText() {
        RenderPlan p = interpreter.interpret(
                "a 10-second vertical video", new JobOptions(3.0, 640, 360, 24, null, "zoom out", null));
        assertEquals(3, p.durationSeconds());
        assertEquals(640, p.width());
        assertEquals(360, p.height());
        assertEquals(24, p.fps());
        assertEquals("zoom out", p.motion().kind());
        assertEquals(
                1080,
                interpreter
                        .interpret("vertical", new JobOptions(null, null, null, null, "1:1", null, null))
                        .height());
    }

    @Test
    void whatCannotBeDoneIsReportedNotDropped() {
        RenderPlan p = plan("add the title \"Summer Sale\" with upbeat music, export as avi, with fireworks");
        String notDone = String.join("; ", p.interpretation().notUnderstood());
        assertEquals("Summer Sale", p.captions().get(0).text());
        assertTrue(notDone.contains("music"), notDone);
        assertTrue(notDone.contains("avi"), notDone);
        assertTrue(notDone.contains("fireworks"), notDone);
        assertEquals("mp4", p.format());
    }

    @Test
    void musicComesFromTheJobsAudioFileWithVolumeAndFadeOut() {
        RenderPlan p = interpreter.interpret(
                "10 s push in, soft background music, title \"Urban Dreams\"",
                JobOptions.none(),
                List.of("harbor.jpg"),
                "song.mp3");
        assertEquals(new Music("song.mp3", 35, 2), p.music());
        assertEquals(
                "Timeline (3 tracks): 1. Video: harbor.jpg (0-10s, push in) 2. BGM: song.mp3 (0-10s, 35%) "
                        + "3. Title: \"Urban Dreams\" (0-3s)",
                Timeline.summary(p));
        assertEquals(p.withInterpretation(null), Timeline.fromDraft(Timeline.toDraft(p)));
        assertEquals(
                80,
                interpreter
                        .interpret("音量 80%", JobOptions.none(), List.of("a"), "a.wav")
                        .music()
                        .volumePercent());
        assertEquals(
                0,
                interpreter
                        .interpret("music at 50% volume, no fade", JobOptions.none(), List.of("a"), "a.wav")
                        .music()
                        .fadeOutSeconds());
        RenderPlan silent = plan("with upbeat music");
        assertEquals(null, silent.music());
        assertTrue(silent.interpretation().notUnderstood().get(0).contains("no audio file"));
        RenderPlan quieter = interpreter.edit(p, "quieter", JobOptions.none());
        assertEquals(21, quieter.music().volumePercent());
        assertEquals(
                null, interpreter.edit(p, "remove the music", JobOptions.none()).music());
    }

    @Test
    void outputFormatsOnRequestWithGifKeptSmall() {
        assertEquals("mp4", plan("a video").format());
        assertEquals("webm", plan("export as webm").format());
        assertEquals("mov", plan("a .mov file for editing").format());
        RenderPlan gif = plan("make a gif");
        assertEquals("gif", gif.format());
        assertEquals(480, gif.width());
        assertEquals(270, gif.height());
        assertEquals(10, gif.fps());
        assertEquals(
                "webm",
                interpreter
                        .interpret("gif", new JobOptions(null, null, null, null, null, null, "webm"))
                        .format(),
                "the option wins");
    }

    @Test
    void wholeImageAndFocusAreUnderstood() {
        assertTrue(plan("show the whole image, no crop").shots().get(0).fit());
        assertTrue(plan("不裁剪").shots().get(0).fit());
        Shot s = plan("push in, focus at 30%, 70%").shots().get(0);
        assertEquals(0.3, s.focusX(), 1e-9);
        assertEquals(0.7, s.focusY(), 1e-9);
        Shot option = interpreter
                .interpret("focus on the left", new JobOptions(null, null, null, null, null, null, null, 0.9, 0.1))
                .shots()
                .get(0);
        assertEquals(0.9, option.focusX(), 1e-9, "the option wins");
        assertEquals(0.1, option.focusY(), 1e-9);
    }

    @Test
    void severalImagesMakeASlideshow() {
        RenderPlan p = interpreter.interpret("slideshow with transitions", JobOptions.none(), List.of("a", "b", "c"));
        assertEquals("slideshow", p.arrangement());
        assertEquals(3, p.shots().size());
        assertEquals(0, p.shotSpan(0)[0]);
        assertEquals(10, p.shotSpan(2)[1], 1e-9);
        assertTrue(p.shotSpan(1)[0] < p.shotSpan(0)[1], "neighbours overlap for the cross-fade");
        assertEquals(
                "slideshow",
                interpreter
                        .interpret("zoom in", JobOptions.none(), List.of("a", "b"))
                        .arrangement(),
                "several images make one video unless asked otherwise");
        RenderPlan batch = interpreter.interpret("one clip per image", JobOptions.none(), List.of("a", "b"));
        assertTrue(batch.batch());
        assertEquals(10, batch.shotSpan(1)[1] - batch.shotSpan(1)[0], 1e-9, "each clip is the full length");
        assertEquals("b", batch.clip(1).shots().get(0).name());
    }

    @Test
    void editsChangeOnlyWhatTheySay() {
        RenderPlan parent = plan("10-second push in with the title \"Harbor\"");
        RenderPlan slower = interpreter.edit(parent, "slower", JobOptions.none());
        assertEquals(parent.motion().intensity() * 0.6, slower.motion().intensity(), 1e-9);
        assertEquals(parent.width(), slower.width());
        assertEquals(parent.captions(), slower.captions());
        RenderPlan vertical = interpreter.edit(parent, "make it vertical", JobOptions.none());
        assertEquals(1080, vertical.width());
        assertEquals(1920, vertical.height());
        assertEquals("push in", vertical.motion().kind());
        RenderPlan titled = interpreter.edit(parent, "add the title \"Second\" at the end", JobOptions.none());
        assertEquals(2, titled.captions().size());
        assertEquals(7, titled.captions().get(1).start());
    }

    @Test
    void timelineDraftRoundTripsAndSummarises() {
        RenderPlan p = interpreter.interpret(
                "cinematic 8 s vertical push in, title \"Urban Dreams\"", JobOptions.none(), List.of("harbor.jpg"));
        RenderPlan back = Timeline.fromDraft(Timeline.toDraft(p));
        assertEquals(p.withInterpretation(null), back);
        assertEquals(0, Timeline.toDraft(p).get("t").get(0).get("tt").asInt());
        assertEquals(
                8000,
                Timeline.toDraft(p).get("t").get(0).get("sg").get(0).get("d").asLong());
        assertEquals(7, Timeline.toDraft(p).get("t").get(1).get("tt").asInt());
        assertEquals(
                "Timeline (2 tracks): 1. Video: harbor.jpg (0-8s, push in) 2. Title: \"Urban Dreams\" (0-3s)",
                Timeline.summary(p));
    }

    @Test
    void depthWordsChooseLayersOrFlatAndEditsScaleTheParallax() {
        assertEquals(
                "auto",
                plan("animate this image into a 10-second cinematic video")
                        .shots()
                        .get(0)
                        .depth()
                        .mode());
        assertEquals(
                "layers", plan("3D parallax push in").shots().get(0).depth().mode());
        assertEquals("layers", plan("立体 推近").shots().get(0).depth().mode());
        assertEquals(
                "flat", plan("flat zoom, no parallax").shots().get(0).depth().mode());
        RenderPlan parent = plan("parallax push in");
        RenderPlan less = interpreter.edit(parent, "less depth", JobOptions.none());
        assertEquals(0.5, less.shots().get(0).depth().strength(), 1e-9);
        assertEquals("layers", less.shots().get(0).depth().mode(), "the mode survives the edit");
        assertEquals(
                1.6,
                interpreter
                        .edit(parent, "more parallax", JobOptions.none())
                        .shots()
                        .get(0)
                        .depth()
                        .strength(),
                1e-9);
        assertEquals(
                "flat",
                interpreter
                        .edit(parent, "make it flat", JobOptions.none())
                        .shots()
                        .get(0)
                        .depth()
                        .mode());
        JobOptions flat = new JobOptions(null, null, null, null, null, null, null, null, null, "flat", null);
        assertEquals(
                "flat",
                interpreter
                        .interpret("3D parallax", flat)
                        .shots()
                        .get(0)
                        .depth()
                        .mode(),
                "options win");
        assertTrue(
                plan("bring this photo to life").interpretation().notUnderstood().stream()
                        .noneMatch(n -> n.contains("life")),
                "bring to life is understood");
    }

    @Test
    void loopWordsMakeASeamlessLoopThatEditsCanUndo() {
        assertTrue(plan("a seamless loop for a banner").loop());
        assertTrue(plan("循环 5 秒").loop());
        assertFalse(plan("push in").loop());
        RenderPlan loop = plan("loop");
        assertFalse(interpreter.edit(loop, "no loop", JobOptions.none()).loop());
        assertTrue(interpreter.edit(loop, "slower", JobOptions.none()).loop(), "an edit keeps the loop");
        JobOptions on = new JobOptions(null, null, null, null, null, null, null, null, null, null, true);
        assertTrue(interpreter.interpret("push in", on).loop());
        RenderPlan back = Timeline.fromDraft(Timeline.toDraft(plan("loop, less depth, parallax")));
        assertTrue(back.loop(), "the draft keeps the loop");
        assertEquals("layers", back.shots().get(0).depth().mode(), "the draft keeps the depth");
    }

    @Test
    void theDraftRecordsWhatTheRendererMadeOfEachLayer() {
        RenderPlan p = plan("parallax push in");
        ShotDepth layered = new ShotDepth(
                true,
                "parallax: subject layer + background",
                false,
                0.2,
                new double[] {1, 1.06},
                new double[] {0, -0.01},
                new double[] {0, 0.002},
                null,
                null);
        JsonNode m = Timeline.toDraft(p, List.of(layered))
                .path("t")
                .get(0)
                .path("sg")
                .get(0)
                .path("m");
        assertEquals("layers", m.path("depth").asText());
        assertEquals(
                "parallax: subject layer + background", m.path("depthResult").asText());
        assertEquals("background", m.path("layers").get(0).path("name").asText());
        assertEquals("subject", m.path("layers").get(1).path("name").asText());
        assertEquals(1.06, m.path("layers").get(1).path("scale").get(1).asDouble(), 1e-9);
        assertEquals(-0.01, m.path("layers").get(1).path("shiftX").get(1).asDouble(), 1e-9);
    }

    @Test
    void theDraftOfALandscapeRecordsItsGroundAndHowMuchTheDistanceFollows() {
        RenderPlan p = plan("parallax push in");
        ShotDepth ground = new ShotDepth(
                false,
                "parallax: ground plane (the foreground moves more than the distance)",
                false,
                0,
                null,
                null,
                null,
                0.41,
                0.5);
        JsonNode layers = Timeline.toDraft(p, List.of(ground))
                .path("t")
                .get(0)
                .path("sg")
                .get(0)
                .path("m")
                .path("layers");
        assertEquals("ground", layers.get(0).path("name").asText());
        assertEquals(0.41, layers.get(0).path("below").asDouble(), 1e-9);
        assertEquals("distance", layers.get(1).path("name").asText());
        assertEquals(0.5, layers.get(1).path("follows").asDouble(), 1e-9);
    }
}
