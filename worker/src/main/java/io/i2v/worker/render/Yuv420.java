package io.i2v.worker.render;

import java.nio.ByteBuffer;

/**
 * sRGB (packed 0xRRGGBB) to planar YUV 4:2:0, BT.709 matrix, limited ("tv") range, so the
 * pixels match the colour tags we write. Chroma is the average of each 2x2 block. Done here
 * rather than by swscale, whose default matrix is BT.601.
 */
public final class Yuv420 {
    // BT.709: Kr = 0.2126, Kb = 0.0722; limited range: Y 16..235, Cb/Cr 16..240. Fixed point, 16 fractional bits.
    private static final int YR = fix(0.2126 * 219 / 255), YG = fix(0.7152 * 219 / 255), YB = fix(0.0722 * 219 / 255);
    private static final int UR = fix(-0.2126 / 1.8556 * 224 / 255), UG = fix(-0.7152 / 1.8556 * 224 / 255),
            UB = fix(0.5 * 224 / 255);
    private static final int VR = fix(0.5 * 224 / 255), VG = fix(-0.7152 / 1.5748 * 224 / 255),
            VB = fix(-0.0722 / 1.5748 * 224 / 255);
    private static final int HALF = 1 << 15;

    private Yuv420() {
    }

    public static int bufferSize(int width, int height) {
        return width * height + 2 * (width / 2) * (height / 2);
    }

    /** {@code width} and {@code height} must be even. Writes Y, then U, then V, tightly packed. */
    public static void convert(int[] rgb, int width, int height, ByteBuffer out) {
        int cw = width / 2;
        int uBase = width * height;
        int vBase = uBase + cw * (height / 2);
        for (int y = 0; y < height; y += 2) {
            int row0 = y * width;
            int row1 = row0 + width;
            int cRow = (y / 2) * cw;
            for (int x = 0; x < width; x += 2) {
                int p00 = rgb[row0 + x], p01 = rgb[row0 + x + 1], p10 = rgb[row1 + x], p11 = rgb[row1 + x + 1];
                out.put(row0 + x, luma(p00));
                out.put(row0 + x + 1, luma(p01));
                out.put(row1 + x, luma(p10));
                out.put(row1 + x + 1, luma(p11));
                int r = ((p00 >> 16 & 0xff) + (p01 >> 16 & 0xff) + (p10 >> 16 & 0xff) + (p11 >> 16 & 0xff) + 2) >> 2;
                int g = ((p00 >> 8 & 0xff) + (p01 >> 8 & 0xff) + (p10 >> 8 & 0xff) + (p11 >> 8 & 0xff) + 2) >> 2;
                int b = ((p00 & 0xff) + (p01 & 0xff) + (p10 & 0xff) + (p11 & 0xff) + 2) >> 2;
                int c = cRow + x / 2;
                out.put(uBase + c, (byte) (128 + ((UR * r + UG * g + UB * b + HALF) >> 16)));
                out.put(vBase + c, (byte) (128 + ((VR * r + VG * g + VB * b + HALF) >> 16)));
            }
        }
    }

    private static byte luma(int p) {
        return (byte) (16 + ((YR * (p >> 16 & 0xff) + YG * (p >> 8 & 0xff) + YB * (p & 0xff) + HALF) >> 16));
    }

    private static int fix(double v) {
        return (int) Math.round(v * 65536);
    }
}
