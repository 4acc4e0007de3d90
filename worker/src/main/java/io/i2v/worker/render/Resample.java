package io.i2v.worker.render;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.stream.IntStream;

/** One-off high-quality resize: repeated halving (no aliasing) then a bicubic step to the exact size. */
final class Resample {
    /** Row bands a halving is split into, for the common pool's threads. */
    private static final int BANDS = 16;

    private Resample() {}

    static BufferedImage to(BufferedImage source, int w, int h) {
        BufferedImage current = toRgb(source);
        while (current.getWidth() / 2 >= w && current.getHeight() / 2 >= h) {
            BufferedImage half = halved(current);
            current = half != null
                    ? half
                    : draw(
                            current,
                            current.getWidth() / 2,
                            current.getHeight() / 2,
                            RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        }
        if (current.getWidth() == w && current.getHeight() == h) {
            return current;
        }
        return bicubic(current, w, h);
    }

    /**
     * {@code src} scaled to {@code w x h} by Java2D's bicubic filter, the top and the bottom half of
     * the rows drawn on two of the common pool's threads, each into its own image with the whole
     * source to read (so its edge rows are the ones a single drawing makes), then joined.
     */
    static BufferedImage bicubic(BufferedImage src, int w, int h) {
        int split = h / 2;
        List<BufferedImage> halves = IntStream.of(0, 1)
                .parallel()
                .mapToObj(k -> draw(
                        src,
                        w,
                        k == 0 ? split : h - split,
                        0,
                        k == 0 ? 0 : -split,
                        w,
                        h,
                        RenderingHints.VALUE_INTERPOLATION_BICUBIC))
                .toList();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] o = StillPlanes.packed(out);
        System.arraycopy(StillPlanes.packed(halves.get(0)), 0, o, 0, split * w);
        System.arraycopy(StillPlanes.packed(halves.get(1)), 0, o, split * w, (h - split) * w);
        return out;
    }

    /**
     * Each pixel the rounded mean of a 2x2 block, the same filter as Java2D's bilinear scaling by
     * exactly one half, with bands of rows on the common pool's threads (a 100 MP photo's two
     * halvings: 0.3 s on one thread in Java2D); null where the image is not a whole
     * {@code TYPE_INT_RGB} of even size, which Java2D then halves.
     */
    static BufferedImage halved(BufferedImage src) {
        int[] in = StillPlanes.packed(src);
        int sw = src.getWidth();
        if (in == null || sw % 2 != 0 || src.getHeight() % 2 != 0) {
            return null;
        }
        int w = sw / 2;
        int h = src.getHeight() / 2;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] o = StillPlanes.packed(out);
        IntStream.range(0, BANDS).parallel().forEach(band -> {
            for (int j = band * h / BANDS, end = (band + 1) * h / BANDS; j < end; j++) {
                int a = 2 * j * sw;
                int b = a + sw;
                int at = j * w;
                for (int i = 0; i < w; i++, a += 2, b += 2) {
                    int p = in[a];
                    int q = in[a + 1];
                    int r = in[b];
                    int s = in[b + 1];
                    // red and blue together (each sum fits in 10 bits of its 16), green apart
                    int rb = (p & 0xff00ff) + (q & 0xff00ff) + (r & 0xff00ff) + (s & 0xff00ff) + 0x20002;
                    int g = (p & 0xff00) + (q & 0xff00) + (r & 0xff00) + (s & 0xff00) + 0x200;
                    o[at + i] = (rb >> 2) & 0xff00ff | (g >> 2) & 0xff00;
                }
            }
        });
        return out;
    }

    private static BufferedImage toRgb(BufferedImage source) {
        if (source.getType() == BufferedImage.TYPE_INT_RGB) {
            return source;
        }
        return draw(source, source.getWidth(), source.getHeight(), RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    }

    private static BufferedImage draw(BufferedImage src, int w, int h, Object interpolation) {
        return draw(src, w, h, 0, 0, w, h, interpolation);
    }

    /** An {@code ow x oh} image of {@code src} drawn at ({@code x}, {@code y}) scaled to {@code w x h}. */
    private static BufferedImage draw(
            BufferedImage src, int ow, int oh, int x, int y, int w, int h, Object interpolation) {
        BufferedImage out = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            // transparent pixels are composited over white, the background a photo print would have
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, ow, oh);
            g.setComposite(AlphaComposite.SrcOver);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, x, y, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
