package io.i2v.worker.render;

import io.i2v.worker.plan.Caption;
import io.i2v.worker.plan.RenderPlan;
import io.i2v.worker.plan.Shot;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The frames of a plan: each shot's camera move over its image (aimed at the subject, or the
 * whole image over a blurred fill; made by {@link TimelineShots}), cross-fades between shots,
 * letterbox bars, captions.
 */
public final class TimelineFrames implements FrameSource {
    private final RenderPlan plan;
    private final List<ShotFrames> shots;
    private final List<ShotDepth> depths;
    private final List<TextLayer> texts = new ArrayList<>();
    private final int bar;
    private byte[] scratch;

    /**
     * {@code images}: the decoded inputs, indexed by {@link Shot#image()}; {@code subjects} finds
     * where each shot aims unless the plan gives a focus point.
     */
    public TimelineFrames(RenderPlan plan, List<BufferedImage> images, SubjectFinder subjects) {
        this.plan = plan;
        TimelineShots made = new TimelineShots(plan, images, subjects);
        shots = made.shots();
        depths = made.depths();
        int w = plan.width();
        int h = plan.height();
        for (Caption c : plan.captions()) {
            texts.add(new TextLayer(c, w, h));
        }
        bar = letterboxBar(plan);
    }

    /** The height of each 2.39:1 letterbox bar (even; 0 without a letterbox, or for a frame taller than wide). */
    static int letterboxBar(RenderPlan plan) {
        int w = plan.width();
        int h = plan.height();
        return plan.look().letterbox() && w > h ? Math.max(0, (int) Math.round((h - w / 2.39) / 2)) & ~1 : 0;
    }

    /** How the frames are drawn (see {@link PlaneKernel#fastest()}). */
    public String kernel() {
        return shots.get(0).kernel();
    }

    /**
     * The subject layer's matte as composited in frame {@code index} of a single-shot plan, into
     * {@code mask} (width x height); false (mask untouched) when the shot is not layered.
     */
    public boolean subjectMask(int index, byte[] mask) {
        if (shots.size() != 1 || !(shots.get(0) instanceof LayeredShot layered)) {
            return false;
        }
        layered.subjectMask(singleShotProgress(index, layered), mask);
        return true;
    }

    /** The layered shots, for tests in this package. */
    List<LayeredShot> layeredShots() {
        return shots.stream()
                .filter(LayeredShot.class::isInstance)
                .map(LayeredShot.class::cast)
                .toList();
    }

    /** Per shot: layered or flat, and why. */
    public List<ShotDepth> depths() {
        return List.copyOf(depths);
    }

    /** Things the viewer should know that the plan could not show as asked (missing font glyphs). */
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).missingGlyphs()) {
                notes.add("No font on this worker has every character of \""
                        + plan.captions().get(i).text() + "\"; those characters show as boxes.");
            }
        }
        return notes;
    }

    @Override
    public int width() {
        return plan.width();
    }

    @Override
    public int height() {
        return plan.height();
    }

    @Override
    public int fps() {
        return plan.fps();
    }

    @Override
    public int frameCount() {
        return plan.frameCount();
    }

    @Override
    public void render(int index, byte[] yuv) {
        double t = (double) index / plan.fps();
        int n = plan.shots().size();
        int current = 0;
        for (int i = 0; i < n; i++) {
            if (t >= plan.shotSpan(i)[0]) {
                current = i;
            }
        }
        drawShot(current, index, yuv);
        if (current > 0) {
            double fade = plan.crossfadeSeconds();
            double into = t - plan.shotSpan(current)[0];
            if (into < fade) {
                if (scratch == null) {
                    scratch = new byte[yuv.length];
                }
                drawShot(current - 1, index, scratch);
                mix(scratch, yuv, into / fade);
            }
        }
        letterbox(yuv);
        for (TextLayer text : texts) {
            text.blend(yuv, plan.width(), plan.height(), t);
        }
    }

    private void drawShot(int shot, int index, byte[] yuv) {
        double[] span = plan.shotSpan(shot);
        ShotFrames frames = shots.get(shot);
        boolean loop = frames.move().periodic();
        double p;
        if (plan.shots().size() == 1) {
            p = singleShotProgress(index, frames);
        } else {
            double len = span[1] - span[0] - (loop ? 0 : 1.0 / plan.fps());
            p = len <= 0 ? 0 : ((double) index / plan.fps() - span[0]) / len;
        }
        frames.render(p, yuv);
    }

    /** Where frame {@code index} of a one-shot clip is on its move: 0 to 1, or for a loop 0 to (n-1)/n. */
    private double singleShotProgress(int index, ShotFrames frames) {
        int count = plan.frameCount();
        // a loop's last frame leads into its first: sample i / n, so frame n would be frame 0 again
        return count == 1 ? 0 : frames.move().periodic() ? (double) index / count : (double) index / (count - 1);
    }

    /** {@code into} ← from + (into − from) × k, every plane. */
    private static void mix(byte[] from, byte[] into, double k) {
        int a = (int) Math.round(k * 256);
        for (int i = 0; i < into.length; i++) {
            int f = from[i] & 0xff;
            into[i] = (byte) (f + (((into[i] & 0xff) - f) * a + 128 >> 8));
        }
    }

    private void letterbox(byte[] yuv) {
        if (bar == 0) {
            return;
        }
        int w = plan.width();
        int h = plan.height();
        Arrays.fill(yuv, 0, bar * w, (byte) 16);
        Arrays.fill(yuv, (h - bar) * w, h * w, (byte) 16);
        int cw = w / 2;
        int ch = h / 2;
        int u = w * h;
        int v = u + cw * ch;
        Arrays.fill(yuv, u, u + bar / 2 * cw, (byte) 128);
        Arrays.fill(yuv, u + (ch - bar / 2) * cw, u + ch * cw, (byte) 128);
        Arrays.fill(yuv, v, v + bar / 2 * cw, (byte) 128);
        Arrays.fill(yuv, v + (ch - bar / 2) * cw, v + ch * cw, (byte) 128);
    }
}
