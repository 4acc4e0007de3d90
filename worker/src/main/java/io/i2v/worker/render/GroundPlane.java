package io.i2v.worker.render;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * The depth of a scene without a subject to lift off — a landscape, a street, a view from above —
 * read the way a painter would: a sky (or another smooth region) along the top is far away, and
 * below the horizon the ground comes nearer row by row. For a flat ground the inverse depth grows
 * linearly with the image row below the horizon, so nearness is that line, eased in just below the
 * horizon so straight lines do not kink there. {@code horizon} is a fraction of the picture's
 * height (0 top, 1 bottom); {@code sky} the share of the picture the sky covers.
 */
record GroundPlane(double horizon, double sky) {
    /** How far below the horizon (fraction of the ground's height) nearness is eased in rather than linear. */
    private static final double EASE = 0.2;
    /** A column's sky ends where the luma changes by more than this per (small-copy) pixel. */
    private static final int EDGE = 10;

    /** How near row {@code v} (0 top .. 1 bottom of the picture) is: 0 at and above the horizon, 1 at the bottom. */
    double nearness(double v) {
        if (v <= horizon) {
            return 0;
        }
        double u = Math.min(1, (v - horizon) / (1 - horizon));
        double n = u < EASE ? u * u / (2 * EASE) : u - EASE / 2;
        return n / (1 - EASE / 2);
    }

    /**
     * The ground plane of {@code picture} (a reduced copy will do), or null when nothing says
     * where the horizon is: no smooth region along the top (a sky, a haze, a pale wall) spans a
     * fair share of the columns, it is not lighter than what lies below it (a backdrop behind a
     * product), or it reaches so far down that little ground is left below it.
     */
    static GroundPlane find(BufferedImage picture) {
        // at about 160 px across, sensor noise and fine cloud texture average out; edges between things remain
        BufferedImage small = picture.getWidth() <= 200
                ? picture
                : Resample.to(
                        picture, 160, Math.max(16, (int) Math.round(160.0 * picture.getHeight() / picture.getWidth())));
        int w = small.getWidth();
        int h = small.getHeight();
        int[] rgb = small.getRGB(0, 0, w, h, null, 0, w);
        int[] luma = luma(rgb);
        int[] bottoms = new int[w];
        long skyPixels = 0;
        long skyLight = 0;
        long skyGreen = 0;
        long allLight = 0;
        int withSky = 0;
        for (int x = 0; x < w; x++) {
            int y = 0;
            while (y + 1 < h && smooth(luma, w, h, x, y)) {
                skyLight += luma[y * w + x];
                int p = rgb[y * w + x];
                skyGreen += (p >> 8 & 0xff) - Math.max(p >> 16 & 0xff, p & 0xff);
                y++;
            }
            bottoms[x] = y;
            skyPixels += y;
            if (y >= h / 12) {
                withSky++;
            }
        }
        for (int v : luma) {
            allLight += v;
        }
        if (withSky < w * 0.3 || skyPixels == 0) {
            return null;
        }
        // a sky is lighter than the land under it; a smooth dark or coloured backdrop over a product is not one
        double sky = (double) skyLight / skyPixels;
        double land = (double) (allLight - skyLight) / Math.max(1, (long) w * h - skyPixels);
        if (sky < land + 12 || skyGreen > 10 * skyPixels) {
            // (nor is a green one: foliage, or a backdrop)
            return null;
        }
        int[] sorted = bottoms.clone();
        Arrays.sort(sorted);
        // the lowest stretch of sky (a gap between buildings, the end of a street) is nearest the horizon
        double horizon = sorted[(int) (0.9 * (w - 1))] / (double) h;
        if (horizon > 0.75) {
            return null;
        }
        return new GroundPlane(Math.max(0.15, Math.min(0.6, horizon)), skyPixels / ((double) w * h));
    }

    /** Whether the picture is smooth at (x, y) and just below: no edge in a 3-pixel-wide column. */
    private static boolean smooth(int[] luma, int w, int h, int x, int y) {
        for (int dx = -1; dx <= 1; dx++) {
            int xx = Math.max(0, Math.min(w - 1, x + dx));
            int a = luma[y * w + xx];
            int b = luma[(y + 1) * w + xx];
            int c = luma[y * w + Math.max(0, Math.min(w - 1, xx + 1))];
            if (Math.abs(a - b) > EDGE || Math.abs(a - c) > EDGE) {
                return false;
            }
        }
        return true;
    }

    private static int[] luma(int[] rgb) {
        int[] luma = new int[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            luma[i] = (77 * (p >> 16 & 0xff) + 150 * (p >> 8 & 0xff) + 29 * (p & 0xff)) >> 8;
        }
        return luma;
    }
}
