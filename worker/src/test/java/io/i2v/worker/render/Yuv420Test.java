package io.i2v.worker.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Reference values: ITU-R BT.709, 8-bit limited range. */
class Yuv420Test {
    @Test
    void pureColoursLandOnBt709LimitedRangeCodes() {
        assertYuv(0xFFFFFF, 235, 128, 128);
        assertYuv(0x000000, 16, 128, 128);
        assertYuv(0xFF0000, 63, 102, 240);
        assertYuv(0x00FF00, 173, 42, 26);
        assertYuv(0x0000FF, 32, 240, 118);
    }

    @Test
    void chromaIsTheAverageOfEach2x2Block() {
        int[] rgb = {0xFF0000, 0x0000FF, 0xFF0000, 0x0000FF};
        byte[] out = new byte[Yuv420.bufferSize(2, 2)];
        Yuv420.convert(rgb, 2, 2, out);
        // average colour is (127.5, 0, 127.5) → rounded to (128, 0, 128)
        assertEquals(128 + Math.round((-0.2126 / 1.8556 * 128 + 0.5 * 128) * 224 / 255), out[4] & 0xff, 1);
        assertEquals(128 + Math.round((0.5 * 128 - 0.0722 / 1.5748 * 128) * 224 / 255), out[5] & 0xff, 1);
    }

    @Test
    void bt709CodesComeBackAsTheColoursTheyCameFrom() {
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            int colour = random.nextInt(0x1000000);
            int[] px = new int[16];
            Arrays.fill(px, colour);
            byte[] yuv = new byte[Yuv420.bufferSize(4, 4)];
            Yuv420.convert(px, 4, 4, yuv);
            int back = Yuv420.toRgb(yuv, 4, 4).getRGB(3, 3) & 0xffffff;
            for (int shift = 0; shift <= 16; shift += 8) {
                // 8-bit limited range keeps 219 (luma) and 224 (chroma) steps of 255: up to 2 levels apart
                assertEquals(colour >> shift & 0xff, back >> shift & 0xff, 2, Integer.toHexString(colour));
            }
        }
        byte[] white = new byte[Yuv420.bufferSize(2, 2)];
        Arrays.fill(white, 0, 4, (byte) 235);
        Arrays.fill(white, 4, 6, (byte) 128);
        assertEquals(0xffffff, Yuv420.toRgb(white, 2, 2).getRGB(1, 1) & 0xffffff);
    }

    private static void assertYuv(int rgb, int y, int u, int v) {
        int[] px = new int[4];
        Arrays.fill(px, rgb);
        byte[] out = new byte[Yuv420.bufferSize(2, 2)];
        Yuv420.convert(px, 2, 2, out);
        assertEquals(y, out[0] & 0xff, 1, "Y of " + Integer.toHexString(rgb));
        assertEquals(u, out[4] & 0xff, 1, "U of " + Integer.toHexString(rgb));
        assertEquals(v, out[5] & 0xff, 1, "V of " + Integer.toHexString(rgb));
    }
}
