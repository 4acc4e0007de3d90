package io.i2v.worker.render;

/**
 * The subject's soft matte at the working copy's size, and the hole it leaves in the background
 * for the fill: worked out only in a window round the subject, 0 beyond it.
 */
final class SoftMatte {
    private SoftMatte() {}

    /**
     * The soft matte (0..1) at the working size: the mask enlarged, then a guided filter on the
     * photo's luma. Worked out only in a window around the mask, wide enough that the filter sees
     * all it would see on the whole picture; outside it the matte is 0.
     */
    static float[] of(int[] rgb, SubjectMatte.Matte matte, int w, int h) {
        int mw = matte.width();
        int mh = matte.height();
        float[] hard = new float[matte.mask().length];
        int bx0 = mw, by0 = mh, bx1 = -1, by1 = -1;
        for (int i = 0; i < hard.length; i++) {
            hard[i] = matte.mask()[i];
            if (hard[i] > 0) {
                bx0 = Math.min(bx0, i % mw);
                bx1 = Math.max(bx1, i % mw);
                by0 = Math.min(by0, i / mw);
                by1 = Math.max(by1, i / mw);
            }
        }
        float[] out = new float[w * h];
        if (bx1 < 0) {
            return out;
        }
        double cell = (double) w / mw; // working pixels per mask pixel
        int r = Math.max(2, (int) Math.round(cell * 1.5));
        // nothing far from the mask: the filter may bleed along a strong edge (decided on the mask's own grid)
        int reach = (int) Math.ceil(2 * r / cell);
        // the window: the mask's box, plus the reach, plus the filter's two box passes, plus a cell to spare
        int margin = reach + (int) Math.ceil(2 * r / cell) + 2;
        int wx0 = Math.max(0, (int) Math.floor((bx0 - margin) * (double) w / mw)) & ~1;
        int wy0 = Math.max(0, (int) Math.floor((by0 - margin) * (double) h / mh)) & ~1;
        int wx1 = Math.min(w, (int) Math.ceil((bx1 + 1 + margin) * (double) w / mw));
        int wy1 = Math.min(h, (int) Math.ceil((by1 + 1 + margin) * (double) h / mh));
        int ww = wx1 - wx0;
        int wh = wy1 - wy0;
        float[] p = Masks.enlarge(hard, mw, mh, w, h, wx0, wy0, ww, wh);
        float[] g = new float[ww * wh];
        for (int y = 0; y < wh; y++) {
            for (int x = 0; x < ww; x++) {
                int c = rgb[(wy0 + y) * w + wx0 + x];
                g[y * ww + x] = (0.2126f * (c >> 16 & 0xff) + 0.7152f * (c >> 8 & 0xff) + 0.0722f * (c & 0xff)) / 255f;
            }
        }
        float[] q = Masks.guidedFast(g, p, ww, wh, r, 0.004f, r >= 4 ? 2 : 1);
        float[] near = Masks.enlarge(Masks.grow(hard, mw, mh, reach), mw, mh, w, h, wx0, wy0, ww, wh);
        float[] far = Masks.enlarge(Masks.grow(invert(hard), mw, mh, reach), mw, mh, w, h, wx0, wy0, ww, wh);
        for (int y = 0; y < wh; y++) {
            for (int x = 0; x < ww; x++) {
                int i = y * ww + x;
                float v = Math.max(0, Math.min(1, (q[i] - 0.08f) / 0.84f));
                if (near[i] < 0.5f) {
                    v = 0;
                } else if (far[i] < 0.5f) {
                    v = 1;
                }
                out[(wy0 + y) * w + wx0 + x] = v;
            }
        }
        return out;
    }

    private static float[] invert(float[] p) {
        float[] o = new float[p.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = 1 - p[i];
        }
        return o;
    }

    /**
     * What the fill replaces: where the matte covers at all, grown by {@code 2·grow} and softened
     * by {@code grow}; worked out only in a window round the covered area (0 beyond it).
     */
    static float[] hole(float[] alpha, int w, int h, int grow) {
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (alpha[y * w + x] > 0.02f) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        float[] out = new float[w * h];
        if (x1 < 0) {
            return out;
        }
        int m = 3 * grow + 2; // beyond the grown and softened edge: the window's own edges see only zeros
        int wx0 = Math.max(0, x0 - m);
        int wy0 = Math.max(0, y0 - m);
        int ww = Math.min(w, x1 + 1 + m) - wx0;
        int wh = Math.min(h, y1 + 1 + m) - wy0;
        float[] covered = new float[ww * wh];
        for (int y = 0; y < wh; y++) {
            for (int x = 0; x < ww; x++) {
                covered[y * ww + x] = alpha[(wy0 + y) * w + wx0 + x] > 0.02f ? 1 : 0;
            }
        }
        float[] soft = Masks.boxBlur(Masks.grow(covered, ww, wh, 2 * grow), ww, wh, grow);
        for (int y = 0; y < wh; y++) {
            System.arraycopy(soft, y * ww, out, (wy0 + y) * w + wx0, ww);
        }
        return out;
    }
}
