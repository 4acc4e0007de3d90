package io.i2v.worker.render;

import io.i2v.worker.render.SubjectMatte.Matte;

/**
 * Whether a subject mask is trusted: a sensible size, not filling the frame, an outline that
 * runs along real edges and not through one thing, and a subject that differs from its
 * surroundings in colour or in sharpness. The figures and, when it is not trusted, the reason go
 * into the {@link Matte}.
 */
final class MatteJudge {
    private MatteJudge() {}

    /** The matte of the mask {@code fg}, trusted or not; {@code face}: the subject was found by its face. */
    static Matte judge(byte[] fg, int[] rgb, float[] sharp, int w, int h, boolean face) {
        int n = w * h;
        int count = 0;
        for (byte b : fg) {
            count += b;
        }
        double area = (double) count / n;
        if (area < 0.02 || area > 0.7) {
            return new Matte(
                    w,
                    h,
                    fg,
                    false,
                    area < 0.02 ? "no clear subject" : "no clear subject (what stands out spans the picture)",
                    area,
                    0,
                    0,
                    0,
                    0,
                    0);
        }
        // sides of the frame the subject covers for more than a third of their length
        int sides = 0;
        int top = 0, bottom = 0, left = 0, right = 0;
        for (int x = 0; x < w; x++) {
            top += fg[x];
            bottom += fg[(h - 1) * w + x];
        }
        for (int y = 0; y < h; y++) {
            left += fg[y * w];
            right += fg[y * w + w - 1];
        }
        sides += top * 3 > w ? 1 : 0;
        sides += bottom * 3 > w ? 1 : 0;
        sides += left * 3 > h ? 1 : 0;
        sides += right * 3 > h ? 1 : 0;
        // how strongly the image changes along the outline, against everywhere; and the share of the outline that
        // runs through flat picture (where the cut goes through one object)
        double[] grad = new double[n];
        double allSum = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                grad[y * w + x] = gradient(rgb, y * w + x, w);
                allSum += grad[y * w + x];
            }
        }
        double meanGradient = allSum / Math.max(1, (w - 2) * (h - 2));
        double edgeSum = 0;
        int edgeN = 0;
        int weak = 0;
        int joins = 0;
        for (int y = 2; y < h - 2; y++) {
            for (int x = 2; x < w - 2; x++) {
                int i = y * w + x;
                if (fg[i] == 1 && (fg[i - 1] == 0 || fg[i + 1] == 0 || fg[i - w] == 0 || fg[i + w] == 0)) {
                    edgeSum += Math.max(grad[i], Math.max(grad[i - 1], grad[i + 1]));
                    edgeN++;
                    double around = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            around = Math.max(around, grad[i + dy * w + dx]);
                        }
                    }
                    weak += around < 0.5 * meanGradient ? 1 : 0;
                    joins += joins(fg, rgb, sharp, x, y, w, h) ? 1 : 0;
                }
            }
        }
        double edge = edgeN == 0 ? 0 : (edgeSum / edgeN) / Math.max(1e-6, meanGradient);
        double weakShare = edgeN == 0 ? 1 : (double) weak / edgeN;
        double colour = colourDistance(fg, rgb);
        double sIn = 0, sOut = 0;
        for (int i = 0; i < n; i++) {
            if (fg[i] == 1) {
                sIn += sharp[i];
            } else {
                sOut += sharp[i];
            }
        }
        double sharpness = (sIn / count) / Math.max(1e-3, sOut / (n - count));
        String reason = null;
        if (sides >= 3) {
            reason = "no clear subject (what stands out spans the picture)";
        } else if (edge < 1.5) {
            reason = "no clear subject edge";
        } else if (weakShare > 0.3) {
            reason = "the subject's outline is unclear";
        } else if (colour < 0.5 && sharpness < 1.8) {
            reason = "the subject does not stand out from the background";
        } else if (!face && top * 2 > w && sharpness < 1) {
            // smooth, softer than the rest and along the top edge: the sky (or a haze), the farthest thing there is
            reason = "no clear subject (what stands out is the sky)";
        } else if (!face && colour < 0.6 && sharpness < 2.5) {
            // without a face to say what the subject is, a region only a little different in colour or focus is
            // as likely a patch of one scene (a district seen from above, a façade, a painted sky) as an object
            reason = "no clear subject (nothing stands out clearly enough from the rest)";
        } else if (junction(joins, edgeN) > 0.3) {
            // the outline runs through one thing for much of its length (the shaded half of a fruit): layers cut
            // there would tear it in two as they move apart
            reason = "the subject's outline cuts through the picture";
        }
        return new Matte(
                w,
                h,
                fg,
                reason == null,
                reason == null ? "subject layer + background" : reason,
                area,
                edge,
                weakShare,
                colour,
                sharpness,
                junction(joins, edgeN));
    }

    private static double junction(int joins, int outline) {
        return outline == 0 ? 0 : (double) joins / outline;
    }

    /**
     * Whether the outline at ({@code x}, {@code y}) cuts through one thing: a few pixels in and a
     * few out along the outline's normal, the picture has the same colour and is about as sharp.
     */
    private static boolean joins(byte[] fg, int[] rgb, float[] sharp, int x, int y, int w, int h) {
        int nx = 0, ny = 0;
        for (int dy = -2; dy <= 2; dy++) {
            for (int dx = -2; dx <= 2; dx++) {
                int k = fg[(y + dy) * w + x + dx];
                nx += k * dx;
                ny += k * dy;
            }
        }
        double len = Math.hypot(nx, ny);
        if (len == 0) {
            return false;
        }
        int d = 3;
        int xi = (int) Math.round(x + d * nx / len), yi = (int) Math.round(y + d * ny / len);
        int xo = (int) Math.round(x - d * nx / len), yo = (int) Math.round(y - d * ny / len);
        if (xi < 0 || yi < 0 || xo < 0 || yo < 0 || xi >= w || xo >= w || yi >= h || yo >= h) {
            return false;
        }
        int a = rgb[yi * w + xi], b = rgb[yo * w + xo];
        double dr = (a >> 16 & 0xff) - (b >> 16 & 0xff),
                dg = (a >> 8 & 0xff) - (b >> 8 & 0xff),
                db = (a & 0xff) - (b & 0xff);
        float si = sharp[yi * w + xi], so = sharp[yo * w + xo];
        return Math.sqrt(dr * dr + dg * dg + db * db) < 40 && so > 0.6f * si;
    }

    private static double gradient(int[] rgb, int i, int w) {
        int best = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            int gx = (rgb[i + 1] >> shift & 0xff) - (rgb[i - 1] >> shift & 0xff);
            int gy = (rgb[i + w] >> shift & 0xff) - (rgb[i - w] >> shift & 0xff);
            best = Math.max(best, gx * gx + gy * gy);
        }
        return Math.sqrt(best);
    }

    /** Hellinger distance of the subject's and the background's colour histograms (8 levels a channel): 0 same, 1 disjoint. */
    private static double colourDistance(byte[] fg, int[] rgb) {
        double[] a = new double[512];
        double[] b = new double[512];
        double na = 0, nb = 0;
        for (int i = 0; i < fg.length; i++) {
            int p = rgb[i];
            int bin = (p >> 21 & 7) << 6 | (p >> 13 & 7) << 3 | (p >> 5 & 7);
            if (fg[i] == 1) {
                a[bin]++;
                na++;
            } else {
                b[bin]++;
                nb++;
            }
        }
        double bc = 0;
        for (int k = 0; k < 512; k++) {
            bc += Math.sqrt(a[k] / na * b[k] / nb);
        }
        return Math.sqrt(Math.max(0, 1 - bc));
    }
}
