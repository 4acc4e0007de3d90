package io.i2v.worker.render;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Whether a picture is a graphic rather than a photo — a chart, document, screenshot or drawn
 * pattern — which has no depth to show: its colours fall into a handful of flat fills. Counted on
 * a small copy with 4 bits per channel (greys with 7 bits of tone, so a black-and-white photo is
 * not mistaken for one), so JPEG noise around edges stays in its bin; a photo, even a product on a
 * white sweep, spreads over far more colours than this.
 */
final class FlatScene {
    /** The share of pixels the {@value #TOP} most common colours must cover for the picture to count as a graphic. */
    static final double GRAPHIC_COVER = 0.9;

    static final int TOP = 16;

    private FlatScene() {}

    /** The share of the picture covered by its {@value #TOP} most common 12-bit colours (1 = a flat graphic). */
    static double paletteCover(BufferedImage small) {
        int w = small.getWidth();
        int h = small.getHeight();
        int[] bins = new int[4096 + 128];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            small.getRGB(0, y, w, 1, row, 0, w);
            for (int p : row) {
                int r = p >> 16 & 0xff;
                int g = p >> 8 & 0xff;
                int b = p & 0xff;
                if (Math.abs(r - g) < 8 && Math.abs(g - b) < 8) {
                    // greys at 7 bits of their own: 4 bits per channel would put a black-and-white photo's every
                    // tone into 16 bins, and call it a graphic
                    bins[4096 + ((r + g + b) / 6)]++;
                } else {
                    bins[(r >> 4) << 8 | (g >> 4) << 4 | (b >> 4)]++;
                }
            }
        }
        Arrays.sort(bins);
        long top = 0;
        for (int i = 0; i < TOP; i++) {
            top += bins[bins.length - 1 - i];
        }
        return (double) top / ((long) w * h);
    }

    static boolean graphic(BufferedImage small) {
        return paletteCover(small) >= GRAPHIC_COVER;
    }
}
