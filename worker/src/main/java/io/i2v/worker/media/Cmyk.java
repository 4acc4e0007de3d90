package io.i2v.worker.media;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * CMYK and YCCK JPEGs (print workflows, Photoshop exports), which ImageIO only returns as raw
 * four-channel samples. Adobe writes them inverted (APP14), which is what nearly every such file
 * is; converted naively, without a press profile: close enough to animate, never a crash.
 */
final class Cmyk {
    private Cmyk() {}

    static BufferedImage toRgb(Raster raster) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        if (raster.getNumBands() != 4) {
            throw new IllegalArgumentException("expected 4 bands, got " + raster.getNumBands());
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w * 4];
        int[] rgb = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
            for (int x = 0; x < w; x++) {
                // Adobe-inverted samples: 255 means no ink
                int c = row[x * 4];
                int m = row[x * 4 + 1];
                int yy = row[x * 4 + 2];
                int k = row[x * 4 + 3];
                int r = c * k / 255;
                int g = m * k / 255;
                int b = yy * k / 255;
                rgb[x] = (r << 16) | (g << 8) | b;
            }
            out.setRGB(0, y, w, 1, rgb, 0, w);
        }
        return out;
    }
}
