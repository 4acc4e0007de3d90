package io.i2v.worker.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.core.job.Interpretation;
import io.i2v.core.job.JobOptions;
import io.i2v.worker.bench.LayerTrack;
import io.i2v.worker.bench.SyntheticPhoto;
import io.i2v.worker.plan.Look;
import io.i2v.worker.plan.RenderPlan;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Living photos, checked on decoded video: a subject over a softer background comes out as its
 * own layer that moves differently from the background while both stay smooth, nothing black or
 * empty opens up beside its edge, the moves that depend on depth (vertigo, rack focus) do what
 * their names say, loops close, and pictures with nothing to lift off (a chart, a pattern) get
 * one flat move and say so.
 */
class LivingPhotoTest {
    @TempDir
    Path dir;

    record Rendered(RenderPlan plan, TimelineFrames frames, DecodedVideo video) {
        ShotDepth depth() {
            return frames.depths().get(0);
        }

        LayerTrack track(TimelineFrames masks) {
            LayerTrack track = new LayerTrack(video.width(), video.height());
            byte[] mask = new byte[video.width() * video.height()];
            for (int i = 0; i < video.frames().size(); i++) {
                assertTrue(masks.subjectMask(i, mask), "a layered shot has a subject matte");
                track.accept(video.frames().get(i), mask);
            }
            return track;
        }
    }

    Rendered render(String prompt, BufferedImage image) throws Exception {
        RenderPlan plan = RenderOutputTest.WORDS.interpret(prompt, JobOptions.none(), List.of("photo.jpg"));
        Path video = Files.createTempFile(dir, "clip", ".mp4");
        TimelineFrames frames = LocalRenderer.render(
                plan, List.of(image), RenderOutputTest.FACES, null, video, null, RenderOutputTest.X264, f -> {});
        return new Rendered(plan, frames, DecodedVideo.of(video));
    }

    @Test
    void aCinematicFrameIsDrawnOnlyBetweenItsBarsAndIsThereTheSameAsWithoutThem() {
        // letterbox bars cover the top and bottom rows: neither layer is drawn there, the picture between is unchanged
        RenderPlan cinematic = RenderOutputTest.WORDS.interpret(
                "cinematic parallax push in, 2 seconds", JobOptions.none(), List.of("photo.jpg"));
        assertTrue(cinematic.look().letterbox() && cinematic.look().grade());
        RenderPlan bare = new RenderPlan(
                cinematic.width(),
                cinematic.height(),
                cinematic.fps(),
                cinematic.durationSeconds(),
                cinematic.arrangement(),
                cinematic.shots(),
                cinematic.captions(),
                cinematic.music(),
                new Look(false, true),
                cinematic.format(),
                cinematic.interpretation(),
                cinematic.loop());
        TimelineFrames barred = new TimelineFrames(cinematic, List.of(product()), RenderOutputTest.FACES);
        TimelineFrames whole = new TimelineFrames(bare, List.of(product()), RenderOutputTest.FACES);
        assertTrue(barred.depths().get(0).layered(), barred.depths().get(0).line());
        int w = cinematic.width();
        int h = cinematic.height();
        int bar = TimelineFrames.letterboxBar(cinematic);
        assertTrue(bar > 0);
        byte[] a = new byte[Yuv420.bufferSize(w, h)];
        byte[] b = new byte[a.length];
        for (int index : new int[] {0, barred.frameCount() / 2, barred.frameCount() - 1}) {
            barred.render(index, a);
            whole.render(index, b);
            int differ = 0;
            int worst = 0;
            int between = 0;
            for (int plane = 0; plane < 3; plane++) {
                int pw = plane == 0 ? w : w / 2;
                int ph = plane == 0 ? h : h / 2;
                int pb = plane == 0 ? bar : bar / 2;
                int base = plane == 0 ? 0 : w * h + (plane - 1) * (w / 2) * (h / 2);
                for (int j = 0; j < ph; j++) {
                    for (int i = 0; i < pw; i++) {
                        int at = base + j * pw + i;
                        if (j < pb || j >= ph - pb) {
                            assertEquals(plane == 0 ? 16 : 128, a[at] & 0xff, "a bar is black at " + i + "," + j);
                        } else {
                            between++;
                            int d = Math.abs((a[at] & 0xff) - (b[at] & 0xff));
                            worst = Math.max(worst, d);
                            differ += d == 0 ? 0 : 1;
                        }
                    }
                }
            }
            assertTrue(worst <= 1, "frame " + index + ": a sample between the bars changed by " + worst);
            assertTrue(
                    differ * 1000 <= between, "frame " + index + ": " + differ + " of " + between + " samples differ");
        }
    }

    static BufferedImage product() {
        return SyntheticPhoto.withSubject(1280, 720, 5, 0.42, 10);
    }

    @Test
    void aSharpSubjectOverASofterBackgroundMovesApartFromIt() throws Exception {
        Rendered layered = render("parallax push in, 2 seconds", product());
        assertTrue(layered.depth().layered(), layered.depth().line());
        assertEquals("parallax: subject layer + background", layered.depth().line());
        LayerTrack apart = layered.track(layered.frames());
        double ratio = apart.subjectZoom() / apart.backgroundZoom();
        assertTrue(apart.backgroundZoom() > 1.05, "the camera pushes in: " + apart.backgroundZoom());
        assertTrue(
                ratio > 1.03,
                "the nearer subject grows faster than the background: subject " + apart.subjectZoom() + ", background "
                        + apart.backgroundZoom());

        // the same move drawn flat is rigid: measured on the same regions, both zoom alike
        Rendered flat = render("flat push in, 2 seconds", product());
        assertFalse(flat.depth().layered());
        LayerTrack rigid = flat.track(layered.frames());
        System.out.printf(
                "layers: subject zoom %.4f, background %.4f, slide %.1f px, jitter %.3f / %.3f;"
                        + " flat: %.4f, %.4f, slide %.1f, jitter %.3f / %.3f%n",
                apart.subjectZoom(),
                apart.backgroundZoom(),
                apart.slide(),
                apart.subjectJitter(),
                apart.backgroundJitter(),
                rigid.subjectZoom(),
                rigid.backgroundZoom(),
                rigid.slide(),
                rigid.subjectJitter(),
                rigid.backgroundJitter());
        // measured on the same pixels, each layer is about as smooth as the rigid move (the fit's own noise sets the
        // floor)
        assertTrue(apart.subjectJitter() < 1.5 * rigid.subjectJitter() + 0.02, "the subject moves smoothly");
        assertTrue(apart.backgroundJitter() < 1.5 * rigid.backgroundJitter() + 0.02, "the background moves smoothly");
        assertEquals(1, rigid.subjectZoom() / rigid.backgroundZoom(), 0.015, "a flat move zooms every part alike");
        assertTrue(rigid.slide() < 2, "and slides nothing against anything: " + rigid.slide());
    }

    @Test
    void aPanSlidesTheSubjectFurtherThanTheBackground() throws Exception {
        Rendered pan = render("3D pan right, 2 seconds", product());
        LayerTrack t = pan.track(pan.frames());
        assertTrue(t.slide() > 6, "the subject slides against the background: " + t.slide() + " px");
        LayerTrack rigid = render("flat pan right, 2 seconds", product()).track(pan.frames());
        System.out.printf(
                "pan: slide %.1f px, jitter %.3f / %.3f; flat: slide %.1f, jitter %.3f / %.3f%n",
                t.slide(),
                t.subjectJitter(),
                t.backgroundJitter(),
                rigid.slide(),
                rigid.subjectJitter(),
                rigid.backgroundJitter());
        assertTrue(rigid.slide() < 2, "the flat pan slides nothing: " + rigid.slide());
        assertTrue(t.subjectJitter() < 1.5 * rigid.subjectJitter() + 0.02, "smoothly: " + t.subjectJitter());
    }

    @Test
    void nothingBlackOrEmptyOpensBesideTheSubjectsEdge() throws Exception {
        for (String prompt : List.of("parallax pan left, 2 seconds", "orbit, 2 seconds", "vertigo, 2 seconds")) {
            Rendered r = render(prompt, product());
            assertTrue(r.depth().layered(), prompt + ": " + r.depth().line());
            int w = r.video().width();
            int h = r.video().height();
            byte[] mask = new byte[w * h];
            for (int i = 0; i < r.video().frames().size(); i++) {
                r.frames().subjectMask(i, mask);
                byte[] yuv = r.video().frames().get(i);
                int dark = 0;
                int band = 0;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        if (nearOutline(mask, w, h, x, y, 10)) {
                            band++;
                            // the photo's darkest colour (the vase's shaded bands) is well above black
                            dark += (yuv[y * w + x] & 0xff) < 28 ? 1 : 0;
                        }
                    }
                }
                assertTrue(band > 500, prompt + ": the subject has an outline in frame " + i);
                assertEquals(0, dark, prompt + ": black pixels beside the subject in frame " + i);
            }
        }
    }

    @Test
    void everyPixelOfALayeredFrameIsDrawnEvenWhereTheBackgroundIsSkipped() throws Exception {
        // the sample's subject is in two pieces (a leaf, and the ladybird on its stem): rows with two runs
        BufferedImage twoPieces =
                ImageIO.read(Path.of("../samples/ladybird.jpg").toFile());
        for (String prompt : List.of(
                "parallax push in, 2 seconds",
                "3D pan left, 2 seconds",
                "rack focus, 2 seconds",
                "loop, 2 seconds",
                "3D tilt up, 2 seconds",
                "orbit, 2 seconds",
                "vertigo, 2 seconds")) {
            drawnLikeTheWholeBackground(prompt, product());
        }
        for (String prompt : List.of("parallax push in, 2 seconds", "orbit, 2 seconds")) {
            assertTrue(
                    drawnLikeTheWholeBackground(prompt, twoPieces) >= 2, "the sample's subject has rows in two runs");
        }
    }

    /** Checks the frames of {@code prompt}; returns the most runs the subject's matte has in one row. */
    private static int drawnLikeTheWholeBackground(String prompt, BufferedImage photo) {
        RenderPlan plan = RenderOutputTest.WORDS.interpret(prompt, JobOptions.none(), List.of("photo.jpg"));
        TimelineFrames frames = new TimelineFrames(plan, List.of(photo), RenderOutputTest.FACES);
        assertTrue(frames.depths().get(0).layered(), prompt);
        byte[] yuv = new byte[Yuv420.bufferSize(plan.width(), plan.height())];
        byte[] full = new byte[yuv.length];
        LayeredShot shot = frames.layeredShots().get(0);
        for (int i = 0; i < plan.frameCount(); i += 3) {
            Arrays.fill(yuv, (byte) 0); // limited range never holds 0: any 0 left is a pixel not drawn
            frames.render(i, yuv);
            for (int k = 0; k < yuv.length; k++) {
                if (yuv[k] == 0) {
                    throw new AssertionError(prompt + ": frame " + i + " left byte " + k + " undrawn");
                }
            }
            shot.skipHidden = false;
            frames.render(i, full);
            shot.skipHidden = true;
            int at = Arrays.mismatch(full, yuv);
            assertEquals(
                    -1,
                    at,
                    prompt + ": frame " + i + " differs from the one drawn with the whole background at byte " + at
                            + " of " + yuv.length + " (luma ends at " + plan.width() * plan.height() + ")");
        }
        Runs any = shot.layers().subject().spans().any();
        int most = 0;
        for (int r = 0; r < any.rows(); r++) {
            most = Math.max(most, any.count(r));
        }
        return most;
    }

    @Test
    void aSubjectSittingOnAStemThatCarriesOnBehindItPartsLessFromItsBackground() throws Exception {
        // the ladybird's matte cuts through the stem it sits on: parted far, the stem would double at the cut
        BufferedImage ladybird = ImageIO.read(Path.of("../samples/ladybird.jpg").toFile());
        SubjectMatte.Matte onStem = SubjectMatte.find(ladybird, RenderOutputTest.FACES.find(ladybird));
        assertTrue(onStem.trusted(), onStem.figures());
        assertTrue(onStem.steadiness() < 0.75, "the layers move apart less: " + onStem.figures());
        // a vase standing free over a soft background keeps the full parallax
        BufferedImage vase = product();
        SubjectMatte.Matte free = SubjectMatte.find(vase, RenderOutputTest.FACES.find(vase));
        assertTrue(free.steadiness() > onStem.steadiness() + 0.2, free.figures() + " vs " + onStem.figures());
    }

    @Test
    void vertigoGrowsTheBackgroundWhileTheSubjectKeepsItsSize() throws Exception {
        Rendered r = render("dolly zoom, 2 seconds", product());
        LayerTrack t = r.track(r.frames());
        assertTrue(t.backgroundZoom() > 1.1, "background " + t.backgroundZoom());
        assertTrue(t.subjectZoom() < 1.06, "subject " + t.subjectZoom());
    }

    @Test
    void rackFocusMovesSharpnessFromTheBackgroundToTheSubject() throws Exception {
        Rendered r = render("rack focus, 2 seconds", product());
        assertTrue(r.depth().layered(), r.depth().line());
        int w = r.video().width();
        int h = r.video().height();
        byte[] first = new byte[w * h];
        byte[] last = new byte[w * h];
        r.frames().subjectMask(0, first);
        r.frames().subjectMask(r.video().frames().size() - 1, last);
        byte[] a = r.video().frames().get(0);
        byte[] b = r.video().frames().get(r.video().frames().size() - 1);
        assertTrue(
                detail(b, last, w, h, true) > 1.5 * detail(a, first, w, h, true),
                "the subject comes into focus: " + detail(a, first, w, h, true) + " → " + detail(b, last, w, h, true));
        assertTrue(
                detail(a, first, w, h, false) > 1.3 * detail(b, last, w, h, false),
                "the background goes out of focus: " + detail(a, first, w, h, false) + " → "
                        + detail(b, last, w, h, false));
    }

    @Test
    void aSeamlessLoopEndsWhereItBeganAndIsNoBoomerang() throws Exception {
        Rendered r = render("seamless loop, parallax, 2 seconds", product());
        List<byte[]> f = r.video().frames();
        int n = f.size();
        double[] steps = new double[n - 1];
        for (int i = 0; i + 1 < n; i++) {
            steps[i] = meanDiff(
                    f.get(i), f.get(i + 1), r.video().width() * r.video().height());
        }
        Arrays.sort(steps);
        double step = steps[steps.length / 2];
        int luma = r.video().width() * r.video().height();
        double wrap = meanDiff(f.get(n - 1), f.get(0), luma);
        assertTrue(wrap < 1.6 * step, "last → first is one ordinary step: " + wrap + " vs " + step);
        double mirrored = meanDiff(f.get(n / 4), f.get(n - n / 4), luma);
        assertTrue(
                mirrored > 2 * step,
                "a quarter in and a quarter from the end differ (not played back and forth): " + mirrored + " vs "
                        + step);
    }

    @Test
    void aChartGetsOneFlatMoveAndSaysSo() throws Exception {
        Rendered r = render("animate this image into a 2-second cinematic video with smooth motion", chart());
        assertFalse(r.depth().layered());
        assertTrue(
                r.depth().line().startsWith("parallax skipped: the picture is flat"),
                r.depth().line());
        Interpretation i =
                LocalRenderer.withDepth(r.plan().interpretation(), r.frames().depths());
        assertTrue(i.understood().contains(r.depth().line()), "the status says why: " + i);
        assertFalse(
                r.frames().subjectMask(0, new byte[r.video().width() * r.video().height()]));
    }

    @Test
    void aPictureWithNoClearSubjectIsDrawnFlatAndAnAskedParallaxIsReportedAsNotDone() throws Exception {
        Rendered r = render("3D parallax, 2 seconds", Scenes.textured(1280, 720, new Color(120, 110, 90), 4));
        assertFalse(r.depth().layered());
        assertTrue(r.depth().line().startsWith("parallax skipped"), r.depth().line());
        Interpretation i =
                LocalRenderer.withDepth(r.plan().interpretation(), r.frames().depths());
        assertTrue(i.notUnderstood().contains(r.depth().line()), "asked for and not done: " + i);
    }

    @Test
    void aLandscapeWithNoSubjectComesNearerAtTheBottomThanAtTheHorizon() throws Exception {
        BufferedImage land = Scenes.landscape(1280, 720, 0.4);
        Rendered r = render("3D push in, 2 seconds", land);
        assertEquals(TimelineShots.GROUND_LINE, r.depth().line());
        assertEquals(0.4, r.depth().horizon(), 0.03);
        Interpretation i =
                LocalRenderer.withDepth(r.plan().interpretation(), r.frames().depths());
        assertTrue(i.understood().contains(TimelineShots.GROUND_LINE), "the status says how: " + i);
        // the near band (bottom of the frame) against the far band (just below the horizon)
        LayerTrack apart = bands(r.video());
        Rendered flat = render("flat push in, 2 seconds", land);
        LayerTrack rigid = bands(flat.video());
        System.out.printf(
                "ground: near zoom %.4f, far %.4f, jitter %.3f / %.3f; flat: %.4f, %.4f, jitter %.3f / %.3f%n",
                apart.subjectZoom(),
                apart.backgroundZoom(),
                apart.subjectJitter(),
                apart.backgroundJitter(),
                rigid.subjectZoom(),
                rigid.backgroundZoom(),
                rigid.subjectJitter(),
                rigid.backgroundJitter());
        assertTrue(apart.subjectZoom() > 1.05, "the foreground follows the camera's push: " + apart.subjectZoom());
        assertTrue(
                apart.subjectZoom() / apart.backgroundZoom() > 1.03,
                "the foreground grows faster than the distance: near " + apart.subjectZoom() + ", far "
                        + apart.backgroundZoom());
        assertEquals(1, rigid.subjectZoom() / rigid.backgroundZoom(), 0.015, "a flat move zooms every band alike");
        assertTrue(apart.subjectJitter() < 1.5 * rigid.subjectJitter() + 0.02, "the foreground moves smoothly");
        assertTrue(apart.backgroundJitter() < 1.5 * rigid.backgroundJitter() + 0.02, "the distance moves smoothly");
        // a continuous warp: no row is left undrawn (black) or torn anywhere in the clip
        int w = r.video().width();
        for (byte[] y : r.video().frames()) {
            for (int row = 0; row < r.video().height(); row += 3) {
                assertTrue((y[row * w + w / 2] & 0xff) > 30, "row " + row + " is drawn");
            }
        }
    }

    /** Tracks the bottom band of each frame as the "subject" and the band just below the horizon as the "background". */
    private static LayerTrack bands(DecodedVideo video) {
        int w = video.width();
        int h = video.height();
        byte[] mask = new byte[w * h];
        for (int y = 0; y < h; y++) {
            double v = (double) y / h;
            byte m = (byte) (v > 0.75 && v < 0.97 ? 255 : v > 0.44 && v < 0.56 ? 0 : 128);
            Arrays.fill(mask, y * w, (y + 1) * w, m);
        }
        LayerTrack track = new LayerTrack(w, h);
        for (byte[] frame : video.frames()) {
            track.accept(frame, mask);
        }
        return track;
    }

    @Test
    void aPortraitLiftsThePersonOffTheBackdrop() throws Exception {
        BufferedImage portrait = ImageIO.read(LivingPhotoTest.class.getResourceAsStream("/faces/astronaut.png"));
        Rendered r = render("animate this image into a 2-second cinematic video with smooth motion", portrait);
        assertTrue(r.depth().layered(), r.depth().line());
        assertTrue(
                r.depth().subjectArea() > 0.15 && r.depth().subjectArea() < 0.7,
                "the person, not the face alone: " + r.depth().subjectArea());
    }

    @Test
    void askingForFlatKeepsTheRigidMove() throws Exception {
        Rendered r = render("no parallax, push in, 1 second", product());
        assertFalse(r.depth().layered());
        assertEquals("flat: one camera move, as asked", r.depth().line());
    }

    static BufferedImage chart() {
        BufferedImage c = new BufferedImage(1280, 720, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = c.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 1280, 720);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(3));
        g.drawLine(100, 640, 1200, 640);
        g.drawLine(100, 640, 100, 80);
        Color[] colours = {new Color(66, 133, 244), new Color(219, 68, 55), new Color(244, 180, 0)};
        for (int i = 0; i < 7; i++) {
            g.setColor(colours[i % 3]);
            int bar = 120 + (i * 97) % 420;
            g.fillRect(160 + i * 145, 640 - bar, 90, bar);
        }
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 26));
        g.drawString("Revenue by quarter", 420, 50);
        g.dispose();
        return c;
    }

    private static boolean nearOutline(byte[] mask, int w, int h, int x, int y, int r) {
        boolean in = false;
        boolean out = false;
        for (int dy = -r; dy <= r; dy += r / 2) {
            for (int dx = -r; dx <= r; dx += r / 2) {
                int xx = Math.max(0, Math.min(w - 1, x + dx));
                int yy = Math.max(0, Math.min(h - 1, y + dy));
                int a = mask[yy * w + xx] & 0xff;
                in |= a > 128;
                out |= a < 128;
            }
        }
        return in && out;
    }

    /** Mean absolute difference of luma from its 9x9 mean, inside (or well outside) the matte: how much detail shows. */
    private static double detail(byte[] yuv, byte[] mask, int w, int h, boolean inside) {
        double sum = 0;
        int n = 0;
        for (int y = 8; y < h - 8; y += 2) {
            for (int x = 8; x < w - 8; x += 2) {
                int i = y * w + x;
                boolean in = (mask[i] & 0xff) == 255 && (mask[i - 6] & 0xff) == 255 && (mask[i + 6] & 0xff) == 255;
                boolean out = !nearOutline(mask, w, h, x, y, 8) && (mask[i] & 0xff) == 0;
                if (inside ? in : out) {
                    int local = 0;
                    for (int dy = -4; dy <= 4; dy++) {
                        for (int dx = -4; dx <= 4; dx++) {
                            local += yuv[i + dy * w + dx] & 0xff;
                        }
                    }
                    sum += Math.abs((yuv[i] & 0xff) - local / 81.0);
                    n++;
                }
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    private static double meanDiff(byte[] a, byte[] b, int n) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        }
        return (double) s / n;
    }
}
