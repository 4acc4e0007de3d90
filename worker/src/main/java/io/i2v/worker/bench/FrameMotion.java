package io.i2v.worker.bench;

/**
 * The global motion between two frames, as {@link MotionTrack} and {@link LayerTrack} measure it:
 * zoom and translation, by Gauss–Newton on a half-size luma pyramid level.
 */
final class FrameMotion {
    private FrameMotion() {}

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

    private static double[] solve3(
            double a, double b, double c, double d, double e, double f, double r0, double r1, double r2) {
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
