package io.i2v.worker.render;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;

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
        int[] pixels = packed(rgb);
        for (int r = 0; r < h; r += 2) {
            row(rgb, pixels, r, row0);
            if (r + 1 < h) {
                row(rgb, pixels, r + 1, row1);
            } else {
                System.arraycopy(row0, 0, row1, 0, w);
            }
            Yuv420.convertRows(row0, row1, w, r + 1 < h, y, r * w, u, v, (r / 2) * cw);
        }
        return new StillPlanes(w, h, y, u, v);
    }

    /** Row {@code r} as 0xRRGGBB: copied straight out of {@code pixels} where there are any, else through the colour model. */
    private static void row(BufferedImage rgb, int[] pixels, int r, int[] into) {
        int w = into.length;
        if (pixels != null) {
            System.arraycopy(pixels, r * w, into, 0, w);
        } else {
            rgb.getRGB(0, r, w, 1, into, 0, w);
        }
    }

    /**
     * The pixels of a whole, unshared {@code TYPE_INT_RGB} image as one array, row after row (what
     * every working copy is); null for any other image. Reading them so costs a copy per row instead
     * of a colour-model call per pixel: 2.7 million of them for a 1080p push-in's copy, most of them
     * interpreted, since this runs once per shot.
     */
    /** The pixel array of a whole {@code TYPE_INT_RGB} image (one pixel per int, row after row), else null. */
    static int[] packed(BufferedImage rgb) {
        if (rgb.getType() != BufferedImage.TYPE_INT_RGB
                || !(rgb.getRaster().getDataBuffer() instanceof DataBufferInt data)
                || !(rgb.getRaster().getSampleModel() instanceof SinglePixelPackedSampleModel model)
                || model.getScanlineStride() != rgb.getWidth()
                || rgb.getRaster().getSampleModelTranslateX() != 0
                || rgb.getRaster().getSampleModelTranslateY() != 0
                || data.getOffset() != 0
                || data.getNumBanks() != 1) {
            return null;
        }
        return data.getData();
    }
}
