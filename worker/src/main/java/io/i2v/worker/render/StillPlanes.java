package io.i2v.worker.render;

import java.awt.image.BufferedImage;

/**
 * A still converted once to BT.709 limited-range Y'CbCr planes (chroma at half size), so that
 * every frame is a resample of bytes with no per-frame colour conversion. Resampling Y'CbCr is
 * the same linear filter as resampling R'G'B' and converting after, up to rounding.
 */
public record StillPlanes(int width, int height, byte[] y, byte[] u, byte[] v) {

    public int chromaWidth() {
        return (width + 1) / 2;
    }

    public int chromaHeight() {
        return (height + 1) / 2;
    }

    public static StillPlanes of(BufferedImage rgb) {
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        int cw = (w + 1) / 2;
        int ch = (h + 1) / 2;
        byte[] y = new byte[w * h];
        byte[] u = new byte[cw * ch];
        byte[] v = new byte[cw * ch];
        int[] row0 = new int[w];
        int[] row1 = new int[w];
        for (int r = 0; r < h; r += 2) {
            rgb.getRGB(0, r, w, 1, row0, 0, w);
            if (r + 1 < h) {
                rgb.getRGB(0, r + 1, w, 1, row1, 0, w);
            } else {
                System.arraycopy(row0, 0, row1, 0, w);
            }
            Yuv420.convertRows(row0, row1, w, r + 1 < h, y, r * w, u, v, (r / 2) * cw);
        }
        return new StillPlanes(w, h, y, u, v);
    }
}
