package io.i2v.worker.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ResampleTest {
    @Test
    void halvingTakesTheRoundedMeanOfEach2x2BlockAsJava2dBilinearHalvingDoes() {
        BufferedImage src = noise(642, 362, 4);
        BufferedImage half = Resample.halved(src);
        assertEquals(321, half.getWidth());
        assertEquals(181, half.getHeight());
        for (int j = 0; j < 181; j++) {
            for (int i = 0; i < 321; i++) {
                int[] p = {
                    src.getRGB(2 * i, 2 * j),
                    src.getRGB(2 * i + 1, 2 * j),
                    src.getRGB(2 * i, 2 * j + 1),
                    src.getRGB(2 * i + 1, 2 * j + 1)
                };
                for (int shift : new int[] {0, 8, 16}) {
                    int sum = 0;
                    for (int v : p) {
                        sum += v >> shift & 0xff;
                    }
                    assertEquals((sum + 2) >> 2, half.getRGB(i, j) >> shift & 0xff, "at " + i + "," + j);
                }
            }
        }
        BufferedImage java2d = scaled(src, 321, 181, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        assertTrue(maxDifference(half, java2d) <= 1, "Java2D's bilinear halving is the same filter");
        assertNull(Resample.halved(noise(641, 362, 5)), "an odd size is left to Java2D");
    }

    @Test
    void theBicubicStepDrawnInTwoHalvesIsWithinALevelOrTwoOfDrawnWhole() {
        // Java2D's fixed-point stepping restarts in the second half: on a photo-like scene a level at most, on
        // per-pixel noise (the worst case for a position that differs in its last bits) two
        for (int[] size : new int[][] {{1001, 563, 700, 391}, {640, 360, 641, 361}, {333, 211, 270, 151}}) {
            BufferedImage noise = noise(size[0], size[1], size[2]);
            BufferedImage scene = scaled(
                    Scenes.landscape(size[0], size[1], 0.4),
                    size[0],
                    size[1],
                    RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            int w = size[2];
            int h = size[3];
            assertTrue(maxDifference(Resample.bicubic(scene, w, h), bicubicWhole(scene, w, h)) <= 1, "scene " + w);
            assertTrue(maxDifference(Resample.bicubic(noise, w, h), bicubicWhole(noise, w, h)) <= 2, "noise " + w);
        }
    }

    private static BufferedImage bicubicWhole(BufferedImage src, int w, int h) {
        return scaled(src, w, h, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    }

    @Test
    void aWorkingCopyOfALargePhotoIsCloseToJava2dAlone() {
        BufferedImage src = Scenes.landscape(3000, 1688, 0.4);
        BufferedImage copy = Resample.to(src, 700, 394);
        // what it did before the halvings and the bicubic step ran on two threads: Java2D alone (3000 -> 1500 -> 750,
        // then 700)
        BufferedImage reference = scaled(
                scaled(
                        scaled(src, 1500, 844, RenderingHints.VALUE_INTERPOLATION_BILINEAR),
                        750,
                        422,
                        RenderingHints.VALUE_INTERPOLATION_BILINEAR),
                700,
                394,
                RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        assertArrayEquals(new int[] {700, 394}, new int[] {copy.getWidth(), copy.getHeight()});
        assertTrue(maxDifference(copy, reference) <= 2, "rounding only: " + maxDifference(copy, reference));
    }

    private static BufferedImage noise(int w, int h, int seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                b.setRGB(i, j, rnd.nextInt(0x1000000));
            }
        }
        return b;
    }

    private static BufferedImage scaled(BufferedImage src, int w, int h, Object interpolation) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static int maxDifference(BufferedImage a, BufferedImage b) {
        int worst = 0;
        for (int j = 0; j < a.getHeight(); j++) {
            for (int i = 0; i < a.getWidth(); i++) {
                int p = a.getRGB(i, j);
                int q = b.getRGB(i, j);
                for (int shift : new int[] {0, 8, 16}) {
                    worst = Math.max(worst, Math.abs((p >> shift & 0xff) - (q >> shift & 0xff)));
                }
            }
        }
        return worst;
    }
}
