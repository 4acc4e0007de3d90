package io.i2v.worker.bench;

import static io.i2v.worker.bench.FrameMotion.estimate;
import static io.i2v.worker.bench.FrameMotion.half;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Collects per-frame-pair motion of a video; call {@link #jitter()} at the end. The motion is the
 * global camera motion between consecutive frames (zoom and translation, by Gauss–Newton on a
 * half-size luma pyramid level: {@link FrameMotion}) whose second difference is the jitter figure.
 */
public final class MotionTrack implements Consumer<byte[]> {
    private final int w;
    private final int h;
    private float[] previous;
    private final List<double[]> motions = new ArrayList<>();

    public MotionTrack(int width, int height) {
        this.w = width / 2;
        this.h = height / 2;
    }

    @Override
    public void accept(byte[] luma) {
        float[] current = half(luma, w * 2, h * 2);
        if (previous != null) {
            motions.add(estimate(previous, current, w, h));
        }
        previous = current;
    }

    /**
     * RMS over frames and the four frame corners of the change, frame to frame, of each corner's
     * displacement — the second difference of its position — in px/frame².
     */
    public double jitter() {
        return jitter(motions, w, h);
    }

    static double jitter(List<double[]> motions, int w, int h) {
        double sum = 0;
        int n = 0;
        double[][] corners = {{-w, -h}, {w, -h}, {-w, h}, {w, h}}; // full-size half extents
        for (int i = 1; i < motions.size(); i++) {
            double[] p = motions.get(i - 1);
            double[] q = motions.get(i);
            for (double[] c : corners) {
                double dx = (q[0] - p[0]) * c[0] + (q[1] - p[1]);
                double dy = (q[0] - p[0]) * c[1] + (q[2] - p[2]);
                sum += dx * dx + dy * dy;
                n++;
            }
        }
        return n == 0 ? 0 : Math.sqrt(sum / n);
    }

    /** Mean zoom per frame (positive: magnifying). */
    public double meanZoomRate() {
        return motions.stream().mapToDouble(m -> m[0]).average().orElse(0);
    }
}
