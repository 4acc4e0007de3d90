package io.i2v.worker.render;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.util.concurrent.CompletableFuture;

/**
 * A photo as two layers at the working copy's size: the background, with what the subject
 * covered filled in (so nothing is missing when the subject slides), and the subject, cropped to
 * its soft matte ({@link SoftMatte}). The matte is the subject mask enlarged and refined by a
 * guided filter on the photo itself, so edges (hair, fur, a bottle's rim) fade over a few pixels
 * instead of being cut out. The fill ({@link BackgroundFill}) carries the background around the
 * hole inward, which the subject's own movement reveals only as a thin band beside its edge; the
 * subject's soft edge has that background taken out of its colours ({@link #foreground}). With
 * {@code blurred}, each layer also gets a defocused twin for rack focus.
 */
record LayerStack(
        StillPlanes background,
        StillPlanes backgroundBlurred,
        SubjectLayer subject,
        SubjectLayer subjectBlurred,
        double anchorX,
        double anchorY) {

    /** The subject's pixels from ({@code x}, {@code y}) of the working copy (even), with alpha at full and half size. */
    record SubjectLayer(
            int x,
            int y,
            StillPlanes planes,
            byte[] alpha,
            byte[] alphaHalf,
            boolean left,
            boolean top,
            boolean right,
            boolean bottom,
            Spans spans,
            Spans chromaSpans) {
        SubjectLayer(
                int x,
                int y,
                StillPlanes planes,
                byte[] alpha,
                byte[] alphaHalf,
                boolean left,
                boolean top,
                boolean right,
                boolean bottom) {
            this(
                    x,
                    y,
                    planes,
                    alpha,
                    alphaHalf,
                    left,
                    top,
                    right,
                    bottom,
                    Spans.of(alpha, planes.width(), planes.height()),
                    Spans.of(alphaHalf, planes.chromaWidth(), planes.chromaHeight()));
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
        return Math.max(
                Math.abs(subject.x() - anchorX),
                Math.abs(subject.x() + subject.planes().width() - anchorX));
    }

    double reachY() {
        return Math.max(
                Math.abs(subject.y() - anchorY),
                Math.abs(subject.y() + subject.planes().height() - anchorY));
    }

    /** Which way the background is revealed: across (pans, orbits), up and down (tilts), or all round (pushes). */
    enum Reveal {
        ACROSS,
        UP_DOWN,
        AROUND
    }

    static LayerStack build(BufferedImage copy, SubjectMatte.Matte matte, boolean blurred, Reveal reveal) {
        int w = copy.getWidth();
        int h = copy.getHeight();
        int[] rgb = pixels(copy);
        float[] alpha = SoftMatte.of(rgb, matte, w, h);

        // background: the covered area (the matte, grown a little) pulled in from around it
        float[] hole = SoftMatte.hole(alpha, w, h, Math.max(2, Math.max(w, h) / 400));
        // the background is filled and converted on a second core while the subject is cut out on this one
        CompletableFuture<int[]> bgLater = CompletableFuture.supplyAsync(() -> reveal == Reveal.AROUND
                ? BackgroundFill.nearest(rgb, hole, w, h)
                : BackgroundFill.along(rgb, hole, w, h, reveal == Reveal.ACROSS));
        CompletableFuture<BufferedImage> bgImageLater = bgLater.thenApply(bg -> image(bg, w, h));
        CompletableFuture<StillPlanes> bgPlanesLater = bgImageLater.thenApply(StillPlanes::of);

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
        byte[] a = new byte[cw * ch];
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                a[y * cw + x] = (byte) Math.round(alpha[(y0 + y) * w + x0 + x] * 255);
            }
        }
        BufferedImage crop = foreground(rgb, bgLater.join(), alpha, w, x0, y0, cw, ch);
        SubjectLayer subject =
                new SubjectLayer(x0, y0, StillPlanes.of(crop), a, half(a, cw, ch), left, top, right, bottom);
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
            subjectBlur = new SubjectLayer(
                    x0, y0, StillPlanes.of(defocus(crop, r)), ab, half(ab, cw, ch), left, top, right, bottom);
        }
        // the subject scales about its centre, or about the frame edge it stands on (so that edge never shows)
        double ax = left && !right ? 0 : right && !left ? w : (x0 + x1 + 1) / 2.0;
        double ay = bottom && !top ? h : top && !bottom ? 0 : (y0 + y1 + 1) / 2.0;
        return new LayerStack(bgPlanesLater.join(), bgBlur, subject, subjectBlur, ax, ay);
    }

    /**
     * The subject's own colours in its crop: where the matte is partial (a soft edge, hair), the
     * photo's pixel mixes subject and background, so the background part ({@code bg}, the fill
     * behind the subject) is taken out: F = (I − (1 − α)·B) / α. Moved over another part of the
     * background, such an edge then shows that background through it instead of carrying a rim of
     * the old one along (the light outline a cut-out otherwise gets).
     */
    static BufferedImage foreground(int[] rgb, int[] bg, float[] alpha, int w, int x0, int y0, int cw, int ch) {
        int[] out = new int[cw * ch];
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                int i = (y0 + y) * w + x0 + x;
                int p = rgb[i];
                float al = alpha[i];
                if (al >= 0.999f || al <= 0.002f) {
                    out[y * cw + x] = p;
                    continue;
                }
                // F = I + (I − B)(1 − α)/α; below α = 0.2 the correction is eased off (it would amplify
                // noise, and so faint an edge hardly shows)
                float k = (1 - al) * Math.min(1 / al, 5);
                int b = bg[i];
                int r = (p >> 16 & 0xff) + Math.round(((p >> 16 & 0xff) - (b >> 16 & 0xff)) * k);
                int g = (p >> 8 & 0xff) + Math.round(((p >> 8 & 0xff) - (b >> 8 & 0xff)) * k);
                int bl = (p & 0xff) + Math.round(((p & 0xff) - (b & 0xff)) * k);
                out[y * cw + x] = clamp(r) << 16 | clamp(g) << 8 | clamp(bl);
            }
        }
        return image(out, cw, ch);
    }

    /** How far the rack-focus blur spreads, in working pixels. */
    static int blurRadius(int w, int h) {
        return Math.max(3, Math.max(w, h) / 120);
    }

    /** The image's pixels as 0xRRGGBB, without a copy where it is a whole TYPE_INT_RGB image (read only). */
    private static int[] pixels(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        if (img.getType() == BufferedImage.TYPE_INT_RGB
                && img.getRaster().getDataBuffer() instanceof DataBufferInt data
                && img.getRaster().getSampleModel() instanceof SinglePixelPackedSampleModel sm
                && sm.getScanlineStride() == w
                && img.getRaster().getSampleModelTranslateX() == 0
                && img.getRaster().getSampleModelTranslateY() == 0
                && data.getData().length == w * h) {
            return data.getData();
        }
        return img.getRGB(0, 0, w, h, null, 0, w);
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
                int s = (a[2 * y * w + 2 * x] & 0xff)
                        + (a[2 * y * w + x1] & 0xff)
                        + (a[y1 * w + 2 * x] & 0xff)
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
