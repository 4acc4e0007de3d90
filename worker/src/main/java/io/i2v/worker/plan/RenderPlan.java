package io.i2v.worker.plan;

import io.i2v.core.job.Interpretation;
import java.util.List;

/**
 * What the local renderer will make: output geometry and timing, the shots (one per image),
 * text, music (or null), look, and how several images are arranged ("single", "slideshow": one video with
 * cross-fades; "batch": one clip per image). {@code durationSeconds} is the whole video (each clip's, in a batch).
 * {@code loop}: the camera path is periodic and the clip ends one frame before it would repeat its first frame,
 * so it plays endlessly without a jump.
 */
public record RenderPlan(
        int width,
        int height,
        int fps,
        double durationSeconds,
        String arrangement,
        List<Shot> shots,
        List<Caption> captions,
        Music music,
        Look look,
        String format,
        Interpretation interpretation,
        boolean loop) {
    public static final double CROSSFADE_SECONDS = 0.8;

    public RenderPlan {
        shots = List.copyOf(shots);
        captions = List.copyOf(captions);
    }

    public RenderPlan(
            int width,
            int height,
            int fps,
            double durationSeconds,
            String arrangement,
            List<Shot> shots,
            List<Caption> captions,
            Music music,
            Look look,
            String format,
            Interpretation interpretation) {
        this(
                width,
                height,
                fps,
                durationSeconds,
                arrangement,
                shots,
                captions,
                music,
                look,
                format,
                interpretation,
                false);
    }

    public int frameCount() {
        return (int) Math.round(durationSeconds * fps);
    }

    /** Convenience for single-shot plans. */
    public Motion motion() {
        return shots.get(0).motion();
    }

    /** Start and end (seconds) of shot {@code i}; neighbours overlap by the cross-fade. */
    public double[] shotSpan(int i) {
        int n = shots.size();
        if (n == 1 || batch()) {
            return new double[] {0, durationSeconds};
        }
        double fade = Math.min(CROSSFADE_SECONDS, durationSeconds / n / 2);
        double len = (durationSeconds + (n - 1) * fade) / n;
        double start = i * (len - fade);
        return new double[] {start, i == n - 1 ? durationSeconds : start + len};
    }

    /** One clip per image rather than one video. */
    public boolean batch() {
        return arrangement.equals("batch") && shots.size() > 1;
    }

    /** Shot {@code i} alone, as the plan of its own clip (one-clip-per-image jobs). */
    public RenderPlan clip(int i) {
        return new RenderPlan(
                width,
                height,
                fps,
                durationSeconds,
                "single",
                List.of(shots.get(i)),
                captions,
                music,
                look,
                format,
                interpretation,
                loop);
    }

    public double crossfadeSeconds() {
        return shots.size() == 1 || batch() ? 0 : Math.min(CROSSFADE_SECONDS, durationSeconds / shots.size() / 2);
    }

    public RenderPlan withInterpretation(Interpretation i) {
        return new RenderPlan(
                width, height, fps, durationSeconds, arrangement, shots, captions, music, look, format, i, loop);
    }
}
