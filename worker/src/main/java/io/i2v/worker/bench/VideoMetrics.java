package io.i2v.worker.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * Measurements on decoded video: luma planes, SSIM, and the global camera motion between
 * consecutive frames (zoom and translation, by Gauss–Newton on a half-size luma pyramid level)
 * whose second difference is the jitter figure.
 */
public final class VideoMetrics {
    private VideoMetrics() {
    }

    /** Hands each decoded frame's luma (width x height bytes, no padding) to {@code sink}; returns the count. */
    public static int lumaFrames(Path video, Consumer<byte[]> sink) throws IOException {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            g.start();
            int n = 0;
            Frame f;
            while ((f = g.grabImage()) != null) {
                int w = f.imageWidth;
                int h = f.imageHeight;
                ByteBuffer buf = (ByteBuffer) f.image[0];
                int stride = f.imageStride;
                byte[] y = new byte[w * h];
                for (int r = 0; r < h; r++) {
                    buf.get(r * stride, y, r * w, w);
                }
                sink.accept(y);
                n++;
            }
            g.stop();
            return n;
        } catch (FFmpegFrameGrabber.Exception e) {
            throw new IOException("cannot decode " + video + ": " + e.getMessage(), e);
        }
    }

    /** SSIM of two luma planes: 8x8 windows every 4 pixels, constants of the original paper for 8-bit. */
    public static double ssim(byte[] a, byte[] b, int w, int h) {
        double c1 = Math.pow(0.01 * 255, 2);
        double c2 = Math.pow(0.03 * 255, 2);
        double sum = 0;
        int count = 0;
        for (int y = 0; y + 8 <= h; y += 4) {
            for (int x = 0; x + 8 <= w; x += 4) {
                long sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
                for (int j = 0; j < 8; j++) {
                    int o = (y + j) * w + x;
                    for (int i = 0; i < 8; i++) {
                        int p = a[o + i] & 0xff;
                        int q = b[o + i] & 0xff;
                        sa += p;
                        sb += q;
                        saa += p * p;
                        sbb += q * q;
                        sab += p * q;
                    }
                }
                double ma = sa / 64.0, mb = sb / 64.0;
                double va = saa / 64.0 - ma * ma, vb = sbb / 64.0 - mb * mb, cov = sab / 64.0 - ma * mb;
                sum += (2 * ma * mb + c1) * (2 * cov + c2) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
                count++;
            }
        }
        return sum / count;
    }

    /** Collects per-frame-pair motion of a video; call {@link #jitter()} at the end. */
    public static final class MotionTrack implements Consumer<byte[]> {
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

    /**
     * The motion of a layered video's two layers, measured from the decoded frames: for each pair
     * of frames, the similarity motion (zoom and shift) of the subject (where the renderer's matte
     * for the earlier frame is solid, well inside the outline) and of the background (well clear of
     * it), each fitted on its own pixels. Accumulated over the clip, a rigid camera move gives both
     * the same zoom and no slide; a layered one gives the subject its own.
     */
    public static final class LayerTrack {
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

    /** 2x2 box down, then a 3-tap [1 2 1] blur both ways: smooth enough for gradients. */
    static float[] half(byte[] y, int w, int h) {
        int hw = w / 2;
        int hh = h / 2;
        float[] o = new float[hw * hh];
        for (int j = 0; j < hh; j++) {
            for (int i = 0; i < hw; i++) {
                int a = 2 * j * w + 2 * i;
                o[j * hw + i] = ((y[a] & 0xff) + (y[a + 1] & 0xff) + (y[a + w] & 0xff) + (y[a + w + 1] & 0xff)) / 4f;
            }
        }
        float[] t = new float[o.length];
        for (int j = 0; j < hh; j++) {
            for (int i = 1; i < hw - 1; i++) {
                t[j * hw + i] = (o[j * hw + i - 1] + 2 * o[j * hw + i] + o[j * hw + i + 1]) / 4;
            }
        }
        float[] r = new float[o.length];
        for (int j = 1; j < hh - 1; j++) {
            for (int i = 0; i < hw; i++) {
                r[j * hw + i] = (t[(j - 1) * hw + i] + 2 * t[j * hw + i] + t[(j + 1) * hw + i]) / 4;
            }
        }
        return r;
    }

    /**
     * The similarity motion without rotation from {@code f0} to {@code f1}: a point at x moves to
     * x + a·(x − c) + t. Returns {a, tx, ty} with t in full-size pixels.
     */
    static double[] estimate(float[] f0, float[] f1, int w, int h) {
        return estimate(f0, f1, w, h, null);
    }

    /** As above, over the half-size pixels where {@code mask} is set (all of them where it is null). */
    static double[] estimate(float[] f0, float[] f1, int w, int h, boolean[] mask) {
        double cx = w / 2.0;
        double cy = h / 2.0;
        double a = 0, tx = 0, ty = 0;
        int m = 12;
        for (int iter = 0; iter < 4; iter++) {
            double h00 = 0, h01 = 0, h02 = 0, h11 = 0, h12 = 0, h22 = 0, b0 = 0, b1 = 0, b2 = 0;
            for (int y = m; y < h - m; y += 1) {
                double dy0 = y - cy;
                for (int x = m; x < w - m; x += 1) {
                    int i = y * w + x;
                    if (mask != null && !mask[i]) {
                        continue;
                    }
                    double gx = (f0[i + 1] - f0[i - 1]) / 2;
                    double gy = (f0[i + w] - f0[i - w]) / 2;
                    double dx0 = x - cx;
                    double xs = x + a * dx0 + tx;
                    double ys = y + a * dy0 + ty;
                    int xi = (int) Math.floor(xs);
                    int yi = (int) Math.floor(ys);
                    if (xi < 0 || yi < 0 || xi >= w - 1 || yi >= h - 1) {
                        continue;
                    }
                    double fx = xs - xi, fy = ys - yi;
                    int k = yi * w + xi;
                    double v = (f1[k] * (1 - fx) + f1[k + 1] * fx) * (1 - fy)
                            + (f1[k + w] * (1 - fx) + f1[k + w + 1] * fx) * fy;
                    double e = v - f0[i];
                    double j0 = gx * dx0 + gy * dy0;
                    h00 += j0 * j0;
                    h01 += j0 * gx;
                    h02 += j0 * gy;
                    h11 += gx * gx;
                    h12 += gx * gy;
                    h22 += gy * gy;
                    b0 += j0 * e;
                    b1 += gx * e;
                    b2 += gy * e;
                }
            }
            double[] d = solve3(h00, h01, h02, h11, h12, h22, -b0, -b1, -b2);
            a += d[0];
            tx += d[1];
            ty += d[2];
            if (Math.abs(d[1]) < 1e-4 && Math.abs(d[2]) < 1e-4 && Math.abs(d[0]) < 1e-7) {
                break;
            }
        }
        return new double[] {a, tx * 2, ty * 2};
    }

    private static double[] solve3(double a, double b, double c, double d, double e, double f, double r0, double r1,
                                   double r2) {
        // symmetric [[a b c][b d e][c e f]] x = r, by Cramer's rule
        double det = a * (d * f - e * e) - b * (b * f - c * e) + c * (b * e - c * d);
        if (Math.abs(det) < 1e-12) {
            return new double[3];
        }
        double x0 = (r0 * (d * f - e * e) - b * (r1 * f - e * r2) + c * (r1 * e - d * r2)) / det;
        double x1 = (a * (r1 * f - e * r2) - r0 * (b * f - c * e) + c * (b * r2 - r1 * c)) / det;
        double x2 = (a * (d * r2 - r1 * e) - b * (b * r2 - r1 * c) + r0 * (b * e - c * d)) / det;
        return new double[] {x0, x1, x2};
    }
}
