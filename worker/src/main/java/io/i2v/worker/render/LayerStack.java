package io.i2v.worker.render;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * A photo as two layers at the working copy's size: the background, with what the subject
 * covered filled in (so nothing is missing when the subject slides), and the subject, cropped to
 * its soft matte. The matte is the subject mask enlarged and refined by a guided filter on the
 * photo itself, so edges (hair, fur, a bottle's rim) fade over a few pixels instead of being cut
 * out. The fill pulls the surrounding background inward (push-pull over an image pyramid): a
 * smooth continuation of what lies around the hole, which the subject's own movement reveals
 * only as a thin band beside its edge. With {@code blurred}, each layer also gets a defocused
 * twin for rack focus.
 */
record LayerStack(StillPlanes background, StillPlanes backgroundBlurred, SubjectLayer subject,
                  SubjectLayer subjectBlurred, double anchorX, double anchorY) {

    /** The subject's pixels from ({@code x}, {@code y}) of the working copy (even), with alpha at full and half size. */
    record SubjectLayer(int x, int y, StillPlanes planes, byte[] alpha, byte[] alphaHalf, boolean left, boolean top,
                        boolean right, boolean bottom, Spans spans, Spans chromaSpans) {
        SubjectLayer(int x, int y, StillPlanes planes, byte[] alpha, byte[] alphaHalf, boolean left, boolean top,
                     boolean right, boolean bottom) {
            this(x, y, planes, alpha, alphaHalf, left, top, right, bottom, Spans.of(alpha, planes.width(),
                    planes.height()), Spans.of(alphaHalf, planes.chromaWidth(), planes.chromaHeight()));
        }
    }

    /**
     * Per row of a layer's alpha: the runs of columns it covers at all (gaps narrower than
     * {@link #GAP} joined) and its fully opaque runs (at least {@link #SOLID} wide), so a frame
     * draws the layer only where it shows and skips the background where the layer hides it.
     */
    record Spans(Runs any, Runs solid) {
        /** Gaps in coverage narrower than this are drawn through: a run costs more than a few empty columns. */
        static final int GAP = 16;
        /** Opaque runs narrower than this are not worth skipping the background for. */
        static final int SOLID = 8;

        static Spans of(byte[] alpha, int w, int h) {
            Runs any = new Runs().reset();
            Runs solid = new Runs().reset();
            for (int y = 0; y < h; y++) {
                int anyFrom = -1, anyTo = -1, solidFrom = -1;
                for (int x = 0; x <= w; x++) {
                    int a = x < w ? alpha[y * w + x] & 0xff : 0;
                    if (a > 0) {
                        if (anyFrom < 0) {
                            anyFrom = x;
                        } else if (x - anyTo >= GAP) {
                            any.add(anyFrom, anyTo);
                            anyFrom = x;
                        }
                        anyTo = x + 1;
                    }
                    if (a == 255) {
                        if (solidFrom < 0) {
                            solidFrom = x;
                        }
                    } else if (solidFrom >= 0) {
                        if (x - solidFrom >= SOLID) {
                            solid.add(solidFrom, x);
                        }
                        solidFrom = -1;
                    }
                }
                if (anyFrom >= 0) {
                    any.add(anyFrom, anyTo);
                }
                any.endRow();
                solid.endRow();
            }
            return new Spans(any, solid);
        }
    }

    /** How far the subject's crop reaches from its anchor, across and down (working pixels). */
    double reachX() {
        return Math.max(Math.abs(subject.x() - anchorX), Math.abs(subject.x() + subject.planes().width() - anchorX));
    }

    double reachY() {
        return Math.max(Math.abs(subject.y() - anchorY), Math.abs(subject.y() + subject.planes().height() - anchorY));
    }

    /** Which way the background is revealed: across (pans, orbits), up and down (tilts), or all round (pushes). */
    enum Reveal { ACROSS, UP_DOWN, AROUND }

    static LayerStack build(BufferedImage copy, SubjectMatte.Matte matte, boolean blurred, Reveal reveal) {
        int w = copy.getWidth();
        int h = copy.getHeight();
        int[] rgb = copy.getRGB(0, 0, w, h, null, 0, w);
        float[] alpha = softMatte(rgb, matte, w, h);

        // background: the covered area (the matte, grown a little) pulled in from around it
        float[] covered = new float[w * h];
        for (int i = 0; i < covered.length; i++) {
            covered[i] = alpha[i] > 0.02f ? 1 : 0;
        }
        int grow = Math.max(2, Math.max(w, h) / 400);
        float[] hole = Masks.boxBlur(Masks.grow(covered, w, h, 2 * grow), w, h, grow);
        // the background is filled and converted on a second core while the subject is cut out on this one
        java.util.concurrent.CompletableFuture<BufferedImage> bgImageLater = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> image(reveal == Reveal.AROUND ? fill(rgb, hole, w, h)
                        : fillAlong(rgb, hole, w, h, reveal == Reveal.ACROSS), w, h));
        java.util.concurrent.CompletableFuture<StillPlanes> bgPlanesLater = bgImageLater.thenApply(StillPlanes::of);

        // the subject: the bounding box of its matte plus a margin (more for the blurred twin's spread)
        int margin = 4 + (blurred ? blurRadius(w, h) * 3 : 0);
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (alpha[y * w + x] > 1 / 255f) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        // the sides of the photo the subject stands on (a portrait's shoulders at the bottom edge)
        boolean left = x0 <= 1, top = y0 <= 1, right = x1 >= w - 2, bottom = y1 >= h - 2;
        x0 = Math.max(0, x0 - margin) & ~1;
        y0 = Math.max(0, y0 - margin) & ~1;
        x1 = Math.min(w - 1, x1 + margin);
        y1 = Math.min(h - 1, y1 + margin);
        int cw = x1 - x0 + 1;
        int ch = y1 - y0 + 1;
        BufferedImage crop = copy.getSubimage(x0, y0, cw, ch);
        byte[] a = new byte[cw * ch];
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                a[y * cw + x] = (byte) Math.round(alpha[(y0 + y) * w + x0 + x] * 255);
            }
        }
        SubjectLayer subject = new SubjectLayer(x0, y0, StillPlanes.of(crop), a, half(a, cw, ch), left, top, right,
                bottom);
        StillPlanes bgBlur = null;
        SubjectLayer subjectBlur = null;
        if (blurred) {
            int r = blurRadius(w, h);
            bgBlur = StillPlanes.of(defocus(bgImageLater.join(), r));
            float[] af = new float[cw * ch];
            for (int i = 0; i < af.length; i++) {
                af[i] = (a[i] & 0xff) / 255f;
            }
            af = Masks.boxBlur(Masks.boxBlur(af, cw, ch, r / 2 + 1), cw, ch, r / 2 + 1);
            byte[] ab = new byte[af.length];
            for (int i = 0; i < ab.length; i++) {
                ab[i] = (byte) Math.round(Math.max(0, Math.min(1, af[i])) * 255);
            }
            subjectBlur = new SubjectLayer(x0, y0, StillPlanes.of(defocus(crop, r)), ab, half(ab, cw, ch), left, top,
                    right, bottom);
        }
        // the subject scales about its centre, or about the frame edge it stands on (so that edge never shows)
        double ax = left && !right ? 0 : right && !left ? w : (x0 + x1 + 1) / 2.0;
        double ay = bottom && !top ? h : top && !bottom ? 0 : (y0 + y1 + 1) / 2.0;
        return new LayerStack(bgPlanesLater.join(), bgBlur, subject, subjectBlur, ax, ay);
    }

    /**
     * The soft matte (0..1) at the working size: the mask enlarged, then a guided filter on the
     * photo's luma. Worked out only in a window around the mask, wide enough that the filter sees
     * all it would see on the whole picture; outside it the matte is 0.
     */
    static float[] softMatte(int[] rgb, SubjectMatte.Matte matte, int w, int h) {
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

    /** How far the rack-focus blur spreads, in working pixels. */
    static int blurRadius(int w, int h) {
        return Math.max(3, Math.max(w, h) / 120);
    }

    /**
     * {@code rgb} with every pixel under {@code hole} (0..1) replaced by the background around it:
     * push-pull on a pyramid (each level the weighted mean of the one below, holes weighing nothing;
     * then back down, filling each level's holes from the level above), at a quarter of the size,
     * enlarged and blended in by the hole's own softness.
     */
    static int[] fill(int[] rgb, float[] hole, int w, int h) {
        int f = 4;
        int sw = Math.max(1, w / f);
        int sh = Math.max(1, h / f);
        float[][] c = new float[3][sw * sh];
        float[] wt = new float[sw * sh];
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                float acc0 = 0, acc1 = 0, acc2 = 0, ws = 0;
                for (int yy = y * f; yy < Math.min(h, y * f + f); yy++) {
                    for (int xx = x * f; xx < Math.min(w, x * f + f); xx++) {
                        int i = yy * w + xx;
                        float k = hole[i] > 0.001f ? 0 : 1;
                        int p = rgb[i];
                        acc0 += k * (p >> 16 & 0xff);
                        acc1 += k * (p >> 8 & 0xff);
                        acc2 += k * (p & 0xff);
                        ws += k;
                    }
                }
                int j = y * sw + x;
                wt[j] = ws / (f * f);
                if (ws > 0) {
                    c[0][j] = acc0 / ws;
                    c[1][j] = acc1 / ws;
                    c[2][j] = acc2 / ws;
                }
            }
        }
        pushPull(c, wt, sw, sh);
        float[][] big = new float[3][];
        for (int k = 0; k < 3; k++) {
            big[k] = Masks.enlarge(c[k], sw, sh, w, h);
        }
        int[] out = new int[w * h];
        for (int i = 0; i < out.length; i++) {
            float t = hole[i];
            int p = rgb[i];
            if (t <= 0) {
                out[i] = p;
                continue;
            }
            int r = Math.round((p >> 16 & 0xff) * (1 - t) + big[0][i] * t);
            int g = Math.round((p >> 8 & 0xff) * (1 - t) + big[1][i] * t);
            int b = Math.round((p & 0xff) * (1 - t) + big[2][i] * t);
            out[i] = clamp(r) << 16 | clamp(g) << 8 | clamp(b);
        }
        return out;
    }

    /**
     * {@code rgb} with the hole filled along one axis: each run of hole pixels across a row (or
     * down a column) takes the background just beyond its two ends and blends from one to the
     * other, so the lines that pass behind the subject (a horizon, a table edge) carry on through
     * where a pan uncovers them; the fill is then smoothed across the runs so rows do not streak.
     * Runs that reach the picture's edge continue the one side they have.
     */
    static int[] fillAlong(int[] rgb, float[] hole, int w, int h, boolean rows) {
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

    /** Fills where {@code wt < 1} in place; {@code c} holds colour where {@code wt > 0}. */
    private static void pushPull(float[][] c, float[] wt, int w, int h) {
        if (w <= 1 && h <= 1) {
            return;
        }
        int cw = (w + 1) / 2;
        int ch = (h + 1) / 2;
        float[][] cc = new float[3][cw * ch];
        float[] cwt = new float[cw * ch];
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                float s0 = 0, s1 = 0, s2 = 0, ws = 0;
                for (int yy = 2 * y; yy < Math.min(h, 2 * y + 2); yy++) {
                    for (int xx = 2 * x; xx < Math.min(w, 2 * x + 2); xx++) {
                        int i = yy * w + xx;
                        float k = wt[i];
                        s0 += k * c[0][i];
                        s1 += k * c[1][i];
                        s2 += k * c[2][i];
                        ws += k;
                    }
                }
                int j = y * cw + x;
                if (ws > 0) {
                    cc[0][j] = s0 / ws;
                    cc[1][j] = s1 / ws;
                    cc[2][j] = s2 / ws;
                }
                cwt[j] = Math.min(1, ws);
            }
        }
        pushPull(cc, cwt, cw, ch);
        float[][] up = new float[3][];
        for (int k = 0; k < 3; k++) {
            up[k] = Masks.enlarge(cc[k], cw, ch, w, h);
        }
        for (int i = 0; i < wt.length; i++) {
            float k = wt[i];
            if (k < 1) {
                for (int ch3 = 0; ch3 < 3; ch3++) {
                    c[ch3][i] = c[ch3][i] * k + up[ch3][i] * (1 - k);
                }
                wt[i] = 1;
            }
        }
    }

    /** Alpha at half size (the 4:2:0 chroma grid): the mean of each 2x2 block. */
    private static byte[] half(byte[] a, int w, int h) {
        int cw = (w + 1) / 2;
        int ch = (h + 1) / 2;
        byte[] o = new byte[cw * ch];
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                int x1 = Math.min(w - 1, 2 * x + 1);
                int y1 = Math.min(h - 1, 2 * y + 1);
                int s = (a[2 * y * w + 2 * x] & 0xff) + (a[2 * y * w + x1] & 0xff) + (a[y1 * w + 2 * x] & 0xff)
                        + (a[y1 * w + x1] & 0xff);
                o[y * cw + x] = (byte) ((s + 2) >> 2);
            }
        }
        return o;
    }

    /** An out-of-focus copy: shrunk by the blur radius, then enlarged bicubically (smooth, cheap, no ringing to see). */
    static BufferedImage defocus(BufferedImage img, int r) {
        int w = img.getWidth();
        int h = img.getHeight();
        BufferedImage small = Resample.to(img, Math.max(2, w / r), Math.max(2, h / r));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.drawImage(small, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static BufferedImage image(int[] rgb, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, rgb, 0, w);
        return img;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
