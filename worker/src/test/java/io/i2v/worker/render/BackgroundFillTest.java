package io.i2v.worker.render;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/**
 * What a move reveals beside the subject's edge: the background just outside that stretch of
 * edge, carried on (not a blend of everything round the subject), and a soft edge that has the
 * old background taken out of it, so it does not drag a rim of it along.
 */
class BackgroundFillTest {
    static final int SKY = 0x2a6fd0;
    static final int WALL = 0xe8c860;

    @Test
    void theBandBesideARooflineIsFilledWithTheSkyAboveItNotWithTheWallBelow() {
        // a building's roof (the subject) between blue sky above and a yellow wall below, as in a
        // photo where only the top of a building was lifted off
        int w = 800;
        int h = 600;
        int[] rgb = new int[w * h];
        float[] hole = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                rgb[y * w + x] = y < 300 ? SKY : WALL;
                if (y >= 250 && y < 330 && x >= 100 && x < 700) {
                    hole[y * w + x] = 1;
                    rgb[y * w + x] = 0x6b4a2a; // the roof itself
                }
            }
        }
        int[] filled = BackgroundFill.nearest(rgb, hole, w, h);
        for (int x = 150; x < 650; x += 50) {
            // a push reveals a few pixels below the roof's upper edge: that must read as sky
            for (int y : new int[] {252, 258, 265}) {
                int d = distance(filled[y * w + x], SKY);
                assertTrue(
                        d < 24,
                        "at (" + x + ", " + y + ") the fill is " + Integer.toHexString(filled[y * w + x]) + ", " + d
                                + " from the sky just above");
            }
            // and just above its lower edge, the wall below
            assertTrue(distance(filled[325 * w + x], WALL) < 24, "wall at x " + x);
        }
        // nothing outside the hole changes
        assertTrue(filled[100 * w + 50] == SKY && filled[500 * w + 750] == WALL);
    }

    @Test
    void aSoftEdgeKeepsTheSubjectsOwnColourNotTheBackgroundItWasPhotographedOver() {
        // an edge pixel of a red subject at alpha 0.5 over green: the photo holds their mix
        int subject = 0xd02020;
        int green = 0x20a040;
        int w = 4;
        int[] rgb = new int[w];
        int[] bg = new int[w];
        float[] alpha = {1f, 0.7f, 0.4f, 0.25f};
        for (int i = 0; i < w; i++) {
            rgb[i] = mix(subject, green, alpha[i]);
            bg[i] = green;
        }
        BufferedImage fg = LayerStack.foreground(rgb, bg, alpha, w, 0, 0, w, 1);
        for (int i = 0; i < w; i++) {
            int d = distance(fg.getRGB(i, 0) & 0xffffff, subject);
            assertTrue(
                    d <= 3,
                    "alpha " + alpha[i] + ": " + Integer.toHexString(fg.getRGB(i, 0)) + " is " + d
                            + " from the subject's red (the photo had " + Integer.toHexString(rgb[i]) + ")");
        }
    }

    private static int mix(int a, int b, float t) {
        int r = Math.round((a >> 16 & 0xff) * t + (b >> 16 & 0xff) * (1 - t));
        int g = Math.round((a >> 8 & 0xff) * t + (b >> 8 & 0xff) * (1 - t));
        int bl = Math.round((a & 0xff) * t + (b & 0xff) * (1 - t));
        return r << 16 | g << 8 | bl;
    }

    private static int distance(int p, int q) {
        return Math.max(
                Math.abs((p >> 16 & 0xff) - (q >> 16 & 0xff)),
                Math.max(Math.abs((p >> 8 & 0xff) - (q >> 8 & 0xff)), Math.abs((p & 0xff) - (q & 0xff))));
    }
}
