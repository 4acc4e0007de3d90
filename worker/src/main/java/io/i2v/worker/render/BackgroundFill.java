package io.i2v.worker.render;

/**
 * What lies behind the subject, made up from the background around it. A move only ever reveals
 * a band beside the subject's edge, so what matters is that the fill there carries on the
 * background just outside that stretch of edge (sky above a roofline stays sky, even when a
 * yellow wall lies a little further below). Each hole pixel therefore takes the colour of the
 * nearest pixel outside the hole, and that is smoothed: lightly near the edge (the band a move
 * reveals), more deeper in, where nearest colours would otherwise show as streaks.
 */
final class BackgroundFill {
    private BackgroundFill() {}

    /**
     * {@code rgb} with every pixel under {@code hole} (0..1) replaced by the background nearest to
     * it, worked out at half size in a window round the hole, enlarged and blended in by the
     * hole's own softness.
     */
    static int[] nearest(int[] rgb, float[] hole, int w, int h) {
        int hx0 = w, hy0 = h, hx1 = -1, hy1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (hole[y * w + x] > 0) {
                    hx0 = Math.min(hx0, x);
                    hx1 = Math.max(hx1, x);
                    hy0 = Math.min(hy0, y);
                    hy1 = Math.max(hy1, y);
                }
            }
        }
        int[] out = rgb.clone();
        if (hx1 < 0) {
            return out;
        }
        int r1 = Math.max(1, Math.max(w, h) / 600); // the blurs, in half-size cells
        int r2 = 4 * r1;
        // the half-size grid: the hole's box plus what the wide blur reaches, so the blurs see the
        // background round the hole as they would on the whole picture
        int m = 2 * r2 + 2;
        int gx0 = Math.max(0, hx0 / 2 - m);
        int gy0 = Math.max(0, hy0 / 2 - m);
        int gw = Math.min(Math.max(1, w / 2), hx1 / 2 + 1 + m) - gx0;
        int gh = Math.min(Math.max(1, h / 2), hy1 / 2 + 1 + m) - gy0;
        float[][] c = new float[3][gw * gh];
        boolean[] known = new boolean[gw * gh];
        for (int y = 0; y < gh; y++) {
            for (int x = 0; x < gw; x++) {
                float acc0 = 0, acc1 = 0, acc2 = 0;
                boolean free = true;
                int n = 0;
                for (int yy = 2 * (gy0 + y); yy < Math.min(h, 2 * (gy0 + y) + 2); yy++) {
                    for (int xx = 2 * (gx0 + x); xx < Math.min(w, 2 * (gx0 + x) + 2); xx++) {
                        int i = yy * w + xx;
                        free &= hole[i] <= 0.001f;
                        int p = rgb[i];
                        acc0 += p >> 16 & 0xff;
                        acc1 += p >> 8 & 0xff;
                        acc2 += p & 0xff;
                        n++;
                    }
                }
                int j = y * gw + x;
                known[j] = free;
                c[0][j] = acc0 / n;
                c[1][j] = acc1 / n;
                c[2][j] = acc2 / n;
            }
        }
        float[] dist = new float[gw * gh];
        if (!spread(c, known, dist, gw, gh)) {
            return out; // nothing outside the hole to carry in
        }
        float far = 8f * r1;
        for (int k = 0; k < 3; k++) {
            float[] near = Masks.boxBlur(Masks.boxBlur(c[k], gw, gh, r1), gw, gh, r1);
            float[] wide = Masks.boxBlur(Masks.boxBlur(c[k], gw, gh, r2), gw, gh, r2);
            float[] mixed = c[k];
            for (int i = 0; i < mixed.length; i++) {
                float t = Math.min(1, dist[i] / far);
                mixed[i] = near[i] + (wide[i] - near[i]) * t;
            }
        }
        // back to full size (bilinear, half-size cell centres) where the hole is, blended by its softness
        for (int y = hy0; y <= hy1; y++) {
            float fy = Math.max(0, Math.min(gh - 1, (y + 0.5f) / 2 - 0.5f - gy0));
            int y0 = (int) fy;
            int y1 = Math.min(gh - 1, y0 + 1);
            float ty = fy - y0;
            for (int x = hx0; x <= hx1; x++) {
                int i = y * w + x;
                float t = hole[i];
                if (t <= 0) {
                    continue;
                }
                float fx = Math.max(0, Math.min(gw - 1, (x + 0.5f) / 2 - 0.5f - gx0));
                int x0 = (int) fx;
                int x1 = Math.min(gw - 1, x0 + 1);
                float tx = fx - x0;
                int p = rgb[i];
                int r = blend(p >> 16 & 0xff, c[0], gw, x0, x1, y0, y1, tx, ty, t);
                int g = blend(p >> 8 & 0xff, c[1], gw, x0, x1, y0, y1, tx, ty, t);
                int b = blend(p & 0xff, c[2], gw, x0, x1, y0, y1, tx, ty, t);
                out[i] = r << 16 | g << 8 | b;
            }
        }
        return out;
    }

    /** The photo's {@code own} value blended toward the fill plane {@code f} sampled at (x, y) by {@code t}. */
    private static int blend(int own, float[] f, int gw, int x0, int x1, int y0, int y1, float tx, float ty, float t) {
        float a = f[y0 * gw + x0] + (f[y0 * gw + x1] - f[y0 * gw + x0]) * tx;
        float b = f[y1 * gw + x0] + (f[y1 * gw + x1] - f[y1 * gw + x0]) * tx;
        return clamp(Math.round(own * (1 - t) + (a + (b - a) * ty) * t));
    }

    /**
     * Gives each unknown cell the colour of its nearest known cell ({@code dist}: how far that is),
     * by two raster sweeps that pass each cell's nearest known cell on to its neighbours (near
     * enough to the exact Euclidean answer for a fill). False when no cell is known.
     */
    private static boolean spread(float[][] c, boolean[] known, float[] dist, int w, int h) {
        int n = w * h;
        int[] src = new int[n];
        long[] d2 = new long[n];
        boolean seeded = false;
        for (int i = 0; i < n; i++) {
            src[i] = known[i] ? i : -1;
            d2[i] = known[i] ? 0 : Long.MAX_VALUE;
            seeded |= known[i];
        }
        if (!seeded) {
            return false;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                take(src, d2, w, x, y, x - 1, y);
                take(src, d2, w, x, y, x - 1, y - 1);
                take(src, d2, w, x, y, x, y - 1);
                if (x + 1 < w) {
                    take(src, d2, w, x, y, x + 1, y - 1);
                }
            }
            for (int x = w - 2; x >= 0; x--) {
                take(src, d2, w, x, y, x + 1, y);
            }
        }
        for (int y = h - 1; y >= 0; y--) {
            for (int x = w - 1; x >= 0; x--) {
                if (x + 1 < w) {
                    take(src, d2, w, x, y, x + 1, y);
                    if (y + 1 < h) {
                        take(src, d2, w, x, y, x + 1, y + 1);
                    }
                }
                if (y + 1 < h) {
                    take(src, d2, w, x, y, x, y + 1);
                    take(src, d2, w, x, y, x - 1, y + 1);
                }
            }
            for (int x = 1; x < w; x++) {
                take(src, d2, w, x, y, x - 1, y);
            }
        }
        for (int i = 0; i < n; i++) {
            dist[i] = (float) Math.sqrt(d2[i]);
            if (!known[i]) {
                int s = src[i];
                c[0][i] = c[0][s];
                c[1][i] = c[1][s];
                c[2][i] = c[2][s];
            }
        }
        return true;
    }

    /**
     * {@code rgb} with the hole filled along one axis: each run of hole pixels across a row (or
     * down a column) takes the background just beyond its two ends and blends from one to the
     * other, so the lines that pass behind the subject (a horizon, a table edge) carry on through
     * where a pan uncovers them; the fill is then smoothed across the runs so rows do not streak.
     * Runs that reach the picture's edge continue the one side they have.
     */
    static int[] along(int[] rgb, float[] hole, int w, int h, boolean rows) {
        int lines = rows ? h : w;
        int len = rows ? w : h;
        float[][] c = new float[3][w * h];
        float[] inHole = new float[w * h];
        int k = 4; // how many pixels beyond each end are averaged
        for (int l = 0; l < lines; l++) {
            int a = 0;
            while (a < len) {
                if (hole[at(rows, l, a, w)] <= 0.001f) {
                    a++;
                    continue;
                }
                int b = a;
                while (b < len && hole[at(rows, l, b, w)] > 0.001f) {
                    b++;
                }
                float[] left = a > 0 ? mean(rgb, rows, l, Math.max(0, a - k), a, w) : null;
                float[] right = b < len ? mean(rgb, rows, l, b, Math.min(len, b + k), w) : null;
                if (left == null) {
                    left = right;
                }
                if (right == null) {
                    right = left;
                }
                for (int x = a; x < b && left != null; x++) {
                    float t = (x - a + 0.5f) / (b - a);
                    int i = at(rows, l, x, w);
                    for (int ch = 0; ch < 3; ch++) {
                        c[ch][i] = left[ch] + (right[ch] - left[ch]) * t;
                    }
                    inHole[i] = 1;
                }
                a = b;
            }
        }
        // smooth across the runs (a box of a few pixels the other way), weighting only filled pixels
        int r = Math.max(2, Math.max(w, h) / 300);
        float[] wsum = rows ? Masks.boxBlur(inHole, w, h, 0, r) : Masks.boxBlur(inHole, w, h, r, 0);
        int[] out = new int[w * h];
        float[][] sm = new float[3][];
        for (int ch = 0; ch < 3; ch++) {
            float[] weighted = new float[w * h];
            for (int i = 0; i < weighted.length; i++) {
                weighted[i] = c[ch][i] * inHole[i];
            }
            sm[ch] = rows ? Masks.boxBlur(weighted, w, h, 0, r) : Masks.boxBlur(weighted, w, h, r, 0);
        }
        for (int i = 0; i < out.length; i++) {
            float t = hole[i];
            int p = rgb[i];
            if (t <= 0 || wsum[i] <= 0) {
                out[i] = p;
                continue;
            }
            int rr = Math.round((p >> 16 & 0xff) * (1 - t) + sm[0][i] / wsum[i] * t);
            int gg = Math.round((p >> 8 & 0xff) * (1 - t) + sm[1][i] / wsum[i] * t);
            int bb = Math.round((p & 0xff) * (1 - t) + sm[2][i] / wsum[i] * t);
            out[i] = clamp(rr) << 16 | clamp(gg) << 8 | clamp(bb);
        }
        return out;
    }

    private static int at(boolean rows, int line, int pos, int w) {
        return rows ? line * w + pos : pos * w + line;
    }

    private static float[] mean(int[] rgb, boolean rows, int line, int from, int to, int w) {
        float[] m = new float[3];
        for (int x = from; x < to; x++) {
            int p = rgb[at(rows, line, x, w)];
            m[0] += (p >> 16 & 0xff);
            m[1] += (p >> 8 & 0xff);
            m[2] += (p & 0xff);
        }
        for (int ch = 0; ch < 3; ch++) {
            m[ch] /= Math.max(1, to - from);
        }
        return m;
    }

    /** Cell (x, y) adopts neighbour (nx, ny)'s nearest known cell when that is nearer than its own. */
    private static void take(int[] src, long[] d2, int w, int x, int y, int nx, int ny) {
        if (nx < 0 || ny < 0 || ny * w + nx >= src.length) {
            return;
        }
        int s = src[ny * w + nx];
        if (s < 0) {
            return;
        }
        long dx = s % w - x;
        long dy = s / w - y;
        long d = dx * dx + dy * dy;
        int i = y * w + x;
        if (d < d2[i]) {
            d2[i] = d;
            src[i] = s;
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
