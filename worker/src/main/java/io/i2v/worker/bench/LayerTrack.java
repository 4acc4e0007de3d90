package io.i2v.worker.bench;

import static io.i2v.worker.bench.FrameMotion.estimate;
import static io.i2v.worker.bench.FrameMotion.half;

import java.util.ArrayList;
import java.util.List;

/**
 * The motion of a layered video's two layers, measured from the decoded frames: for each pair
 * of frames, the similarity motion (zoom and shift) of the subject (where the renderer's matte
 * for the earlier frame is solid, well inside the outline) and of the background (well clear of
 * it), each fitted on its own pixels. Accumulated over the clip, a rigid camera move gives both
 * the same zoom and no slide; a layered one gives the subject its own.
 */
public final class LayerTrack {
    private final int w;
    private final int h;
    private float[] previous;
    private boolean[] subject;
    private boolean[] background;
    private double subjectZoom = 1;
    private double backgroundZoom = 1;
    private double slideX;
    private double slideY;
    private final List<double[]> subjectMotions = new ArrayList<>();
    private final List<double[]> backgroundMotions = new ArrayList<>();

    public LayerTrack(int width, int height) {
        this.w = width / 2;
        this.h = height / 2;
    }

    /** The next frame's luma and the subject matte the renderer composited into it (full size). */
    public void accept(byte[] luma, byte[] matte) {
        float[] current = half(luma, w * 2, h * 2);
        if (previous != null) {
            double[] s = estimate(previous, current, w, h, subject);
            double[] b = estimate(previous, current, w, h, background);
            subjectMotions.add(s);
            backgroundMotions.add(b);
            subjectZoom *= 1 + s[0];
            backgroundZoom *= 1 + b[0];
            // at the subject's centre: its own motion less the background's motion there
            double[] c = centre(subject);
            double dx = (s[0] - b[0]) * (c[0] - w / 2.0) * 2 + s[1] - b[1];
            double dy = (s[0] - b[0]) * (c[1] - h / 2.0) * 2 + s[2] - b[2];
            slideX += dx;
            slideY += dy;
        }
        previous = current;
        subject = new boolean[w * h];
        background = new boolean[w * h];
        int core = 3; // half-size pixels: keep the fits off the soft outline and off what it uncovers
        int clear = 10;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                subject[y * w + x] = minAround(matte, x, y, core) >= 250;
                background[y * w + x] = maxAround(matte, x, y, clear) == 0;
            }
        }
    }

    private double[] centre(boolean[] m) {
        double sx = 0, sy = 0;
        int n = 0;
        for (int i = 0; i < m.length; i++) {
            if (m[i]) {
                sx += i % w;
                sy += i / w;
                n++;
            }
        }
        return n == 0 ? new double[] {w / 2.0, h / 2.0} : new double[] {sx / n, sy / n};
    }

    private int minAround(byte[] m, int x, int y, int r) {
        int lo = 255;
        for (int dy = -r; dy <= r; dy += r) {
            for (int dx = -r; dx <= r; dx += r) {
                int xx = Math.max(0, Math.min(2 * w - 1, 2 * (x + dx)));
                int yy = Math.max(0, Math.min(2 * h - 1, 2 * (y + dy)));
                lo = Math.min(lo, m[yy * 2 * w + xx] & 0xff);
            }
        }
        return lo;
    }

    private int maxAround(byte[] m, int x, int y, int r) {
        int hi = 0;
        for (int dy = -r; dy <= r; dy += r / 2) {
            for (int dx = -r; dx <= r; dx += r / 2) {
                int xx = Math.max(0, Math.min(2 * w - 1, 2 * (x + dx)));
                int yy = Math.max(0, Math.min(2 * h - 1, 2 * (y + dy)));
                hi = Math.max(hi, m[yy * 2 * w + xx] & 0xff);
            }
        }
        return hi;
    }

    /** The subject's zoom over the clip (1.10 = it grew by 10%). */
    public double subjectZoom() {
        return subjectZoom;
    }

    public double backgroundZoom() {
        return backgroundZoom;
    }

    /** How far (full-size px) the subject's centre moved against the background around it, over the clip. */
    public double slide() {
        return Math.hypot(slideX, slideY);
    }

    /** Jitter (as {@link MotionTrack#jitter()}) of the subject's and the background's own motion. */
    public double subjectJitter() {
        return MotionTrack.jitter(subjectMotions, w, h);
    }

    public double backgroundJitter() {
        return MotionTrack.jitter(backgroundMotions, w, h);
    }
}
