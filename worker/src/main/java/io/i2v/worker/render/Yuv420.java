package io.i2v.worker.render;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * sRGB (packed 0xRRGGBB) to planar Y'CbCr 4:2:0 and back, BT.709 matrix, limited ("tv") range,
 * so the pixels match the colour tags we write. Chroma is the average of each 2x2 block. Done
 * here rather than by swscale, whose default matrix is BT.601.
 */
public final class Yuv420 {
    // BT.709: Kr = 0.2126, Kb = 0.0722; limited range: Y 16..235, Cb/Cr 16..240. Fixed point, 16 fractional bits.
    private static final int YR = fix(0.2126 * 219 / 255), YG = fix(0.7152 * 219 / 255), YB = fix(0.0722 * 219 / 255);
    private static final int UR = fix(-0.2126 / 1.8556 * 224 / 255),
            UG = fix(-0.7152 / 1.8556 * 224 / 255),
            UB = fix(0.5 * 224 / 255);
    private static final int VR = fix(0.5 * 224 / 255),
            VG = fix(-0.7152 / 1.5748 * 224 / 255),
            VB = fix(-0.0722 / 1.5748 * 224 / 255);
    private static final int HALF = 1 << 15;

    private Yuv420() {}

    public static int bufferSize(int width, int height) {
        return width * height + 2 * (width / 2) * (height / 2);
    }

    /** {@code width} and {@code height} must be even. Writes Y, then U, then V, tightly packed. */
    public static void convert(int[] rgb, int width, int height, byte[] yuv) {
        int cw = width / 2;
        int uBase = width * height;
        int vBase = uBase + cw * (height / 2);
        int[] row0 = new int[width];
        int[] row1 = new int[width];
        byte[] u = new byte[cw];
        byte[] v = new byte[cw];
        for (int y = 0; y < height; y += 2) {
            System.arraycopy(rgb, y * width, row0, 0, width);
            System.arraycopy(rgb, (y + 1) * width, row1, 0, width);
            convertRows(row0, row1, width, true, yuv, y * width, u, v, 0);
            System.arraycopy(u, 0, yuv, uBase + (y / 2) * cw, cw);
            System.arraycopy(v, 0, yuv, vBase + (y / 2) * cw, cw);
        }
    }

    /** Two rows of RGB into two luma rows at {@code yOff} (the second only if {@code second}) and one chroma row. */
    static void convertRows(
            int[] row0, int[] row1, int w, boolean second, byte[] y, int yOff, byte[] u, byte[] v, int cOff) {
        for (int x = 0; x < w; x += 2) {
            int x1 = Math.min(x + 1, w - 1);
            int p00 = row0[x], p01 = row0[x1], p10 = row1[x], p11 = row1[x1];
            y[yOff + x] = luma(p00);
            if (x + 1 < w) {
                y[yOff + x + 1] = luma(p01);
            }
            if (second) {
                y[yOff + w + x] = luma(p10);
                if (x + 1 < w) {
                    y[yOff + w + x + 1] = luma(p11);
                }
            }
            int r = ((p00 >> 16 & 0xff) + (p01 >> 16 & 0xff) + (p10 >> 16 & 0xff) + (p11 >> 16 & 0xff) + 2) >> 2;
            int g = ((p00 >> 8 & 0xff) + (p01 >> 8 & 0xff) + (p10 >> 8 & 0xff) + (p11 >> 8 & 0xff) + 2) >> 2;
            int b = ((p00 & 0xff) + (p01 & 0xff) + (p10 & 0xff) + (p11 & 0xff) + 2) >> 2;
            int c = cOff + x / 2;
            u[c] = (byte) (128 + ((UR * r + UG * g + UB * b + HALF) >> 16));
            v[c] = (byte) (128 + ((VR * r + VG * g + VB * b + HALF) >> 16));
        }
    }

    // back to RGB: Y' scale and the chroma weights, fixed point with 16 fractional bits
    private static final int Y_SCALE = fix(255.0 / 219),
            R_CR = fix(1.5748 * 255 / 224),
            G_CB = fix(-0.1873 * 255 / 224),
            G_CR = fix(-0.4681 * 255 / 224),
            B_CB = fix(1.8556 * 255 / 224);

    /**
     * Back to RGB (for the poster and for tests): BT.709 limited range, nearest chroma. Integer
     * arithmetic, each chroma sample's terms once for its 2x2 block, straight into the image's
     * pixels: it runs once per video (the poster), mostly before the JIT compiles it.
     */
    public static BufferedImage toRgb(byte[] yuv, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] rgb = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        int cw = width / 2;
        int uBase = width * height;
        int vBase = uBase + cw * (height / 2);
        for (int y = 0; y < height; y++) {
            int c = (y / 2) * cw;
            int row = y * width;
            for (int x = 0; x < width; x += 2, c++) {
                int cb = (yuv[uBase + c] & 0xff) - 128;
                int cr = (yuv[vBase + c] & 0xff) - 128;
                int r = R_CR * cr + HALF, g = G_CB * cb + G_CR * cr + HALF, b = B_CB * cb + HALF;
                int l = Y_SCALE * ((yuv[row + x] & 0xff) - 16);
                rgb[row + x] = pixel(l + r, l + g, l + b);
                if (x + 1 < width) {
                    l = Y_SCALE * ((yuv[row + x + 1] & 0xff) - 16);
                    rgb[row + x + 1] = pixel(l + r, l + g, l + b);
                }
            }
        }
        return out;
    }

    /** Three 16.16 fixed-point channel values (rounding already added), clamped, packed as 0xRRGGBB. */
    private static int pixel(int r, int g, int b) {
        return clamp(r >> 16) << 16 | clamp(g >> 16) << 8 | clamp(b >> 16);
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    private static byte luma(int p) {
        return (byte) (16 + ((YR * (p >> 16 & 0xff) + YG * (p >> 8 & 0xff) + YB * (p & 0xff) + HALF) >> 16));
    }

    private static int fix(double v) {
        return (int) Math.round(v * 65536);
    }
}
