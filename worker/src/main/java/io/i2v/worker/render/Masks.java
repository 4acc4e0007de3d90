package io.i2v.worker.render;

/** Float-plane helpers for mattes and fills: box filters, growing a mask, bilinear enlargement, the fast guided filter. */
final class Masks {
    private Masks() {}

    /** Mean over a (2r+1)² box, edges clamped; two running-sum passes, so the cost does not depend on r. */
    static float[] boxBlur(float[] v, int w, int h, int r) {
        return boxBlur(v, w, h, r, r);
    }

    /** Mean over a (2rx+1) x (2ry+1) box, edges clamped. */
    static float[] boxBlur(float[] v, int w, int h, int rx, int ry) {
        float[] t = new float[v.length];
        float[] o = new float[v.length];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            double sum = 0;
            for (int k = -rx; k <= rx; k++) {
                sum += v[row + Math.max(0, Math.min(w - 1, k))];
            }
            for (int x = 0; x < w; x++) {
                t[row + x] = (float) (sum / (2 * rx + 1));
                sum += v[row + Math.min(w - 1, x + rx + 1)] - v[row + Math.max(0, x - rx)];
            }
        }
        for (int x = 0; x < w; x++) {
            double sum = 0;
            for (int k = -ry; k <= ry; k++) {
                sum += t[Math.max(0, Math.min(h - 1, k)) * w + x];
            }
            for (int y = 0; y < h; y++) {
                o[y * w + x] = (float) (sum / (2 * ry + 1));
                sum += t[Math.min(h - 1, y + ry + 1) * w + x] - t[Math.max(0, y - ry) * w + x];
            }
        }
        return o;
    }

    /** Grows the mask ({@code > 0.5} counts) by {@code r} pixels (a square neighbourhood): 1 inside the grown mask, else 0. */
    static float[] grow(float[] m, int w, int h, int r) {
        float[] t = new float[m.length];
        for (int y = 0; y < h; y++) {
            int last = -1 << 20; // the last set column seen, for a one-pass running maximum
            for (int x = 0; x < w + r; x++) {
                if (x < w && m[y * w + x] > 0.5f) {
                    last = x;
                }
                int at = x - r;
                if (at >= 0 && at < w) {
                    t[y * w + at] = x - last <= 2 * r ? 1 : 0;
                }
            }
            // columns before the first r are covered by the loop above; what ends at w is handled by x < w + r
        }
        float[] o = new float[m.length];
        for (int x = 0; x < w; x++) {
            int last = -1 << 20;
            for (int y = 0; y < h + r; y++) {
                if (y < h && t[y * w + x] > 0.5f) {
                    last = y;
                }
                int at = y - r;
                if (at >= 0 && at < h) {
                    o[at * w + x] = y - last <= 2 * r ? 1 : 0;
                }
            }
        }
        return o;
    }

    /** {@code v} ({@code w x h}) enlarged to {@code ow x oh}, bilinear, sample centres aligned. */
    static float[] enlarge(float[] v, int w, int h, int ow, int oh) {
        return enlarge(v, w, h, ow, oh, 0, 0, ow, oh);
    }

    /** The window {@code [wx, wx + ww) x [wy, wy + wh)} of {@link #enlarge(float[], int, int, int, int)}'s result. */
    static float[] enlarge(float[] v, int w, int h, int ow, int oh, int wx, int wy, int ww, int wh) {
        float[] o = new float[ww * wh];
        double sx = (double) w / ow;
        double sy = (double) h / oh;
        for (int y = 0; y < wh; y++) {
            double fy = Math.max(0, Math.min(h - 1, (wy + y + 0.5) * sy - 0.5));
            int y0 = (int) fy;
            int y1 = Math.min(h - 1, y0 + 1);
            float ty = (float) (fy - y0);
            for (int x = 0; x < ww; x++) {
                double fx = Math.max(0, Math.min(w - 1, (wx + x + 0.5) * sx - 0.5));
                int x0 = (int) fx;
                int x1 = Math.min(w - 1, x0 + 1);
                float tx = (float) (fx - x0);
                float a = v[y0 * w + x0] + (v[y0 * w + x1] - v[y0 * w + x0]) * tx;
                float b = v[y1 * w + x0] + (v[y1 * w + x1] - v[y1 * w + x0]) * tx;
                o[y * ww + x] = a + (b - a) * ty;
            }
        }
        return o;
    }

    /**
     * The fast guided filter (He and Sun, 2015): the filter's linear coefficients are computed on
     * copies {@code s} times smaller and enlarged, then applied to the full-size guide — the same
     * edge-following result at a fraction of the cost.
     */
    static float[] guidedFast(float[] g, float[] p, int w, int h, int r, float eps, int s) {
        int sw = Math.max(1, w / s);
        int sh = Math.max(1, h / s);
        float[] gs = shrink(g, w, h, sw, sh);
        float[] ps = shrink(p, w, h, sw, sh);
        float[][] ab = coefficients(gs, ps, sw, sh, Math.max(1, r / s), eps);
        float[] a = enlarge(ab[0], sw, sh, w, h);
        float[] b = enlarge(ab[1], sw, sh, w, h);
        for (int i = 0; i < a.length; i++) {
            a[i] = a[i] * g[i] + b[i];
        }
        return a;
    }

    /** The mean of each block of {@code v} that maps onto one pixel of a {@code sw x sh} copy. */
    static float[] shrink(float[] v, int w, int h, int sw, int sh) {
        float[] o = new float[sw * sh];
        int fx = w / sw;
        int fy = h / sh;
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                float sum = 0;
                for (int yy = y * fy; yy < y * fy + fy; yy++) {
                    for (int xx = x * fx; xx < x * fx + fx; xx++) {
                        sum += v[yy * w + xx];
                    }
                }
                o[y * sw + x] = sum / (fx * fy);
            }
        }
        return o;
    }

    /** The guided filter's smoothed linear coefficients {a, b}: the output is a·guide + b. */
    private static float[][] coefficients(float[] g, float[] p, int w, int h, int r, float eps) {
        int n = g.length;
        float[] gp = new float[n];
        float[] gg = new float[n];
        for (int i = 0; i < n; i++) {
            gp[i] = g[i] * p[i];
            gg[i] = g[i] * g[i];
        }
        float[] mg = boxBlur(g, w, h, r);
        float[] mp = boxBlur(p, w, h, r);
        float[] mgp = boxBlur(gp, w, h, r);
        float[] mgg = boxBlur(gg, w, h, r);
        float[] a = gp;
        float[] b = gg;
        for (int i = 0; i < n; i++) {
            float var = mgg[i] - mg[i] * mg[i];
            float cov = mgp[i] - mg[i] * mp[i];
            a[i] = cov / (var + eps);
            b[i] = mp[i] - a[i] * mg[i];
        }
        return new float[][] {boxBlur(a, w, h, r), boxBlur(b, w, h, r)};
    }
}
