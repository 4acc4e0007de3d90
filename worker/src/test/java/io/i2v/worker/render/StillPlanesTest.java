package io.i2v.worker.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StillPlanesTest {
    @Test
    void planesAreTheSameWhetherPixelsAreReadStraightOrThroughTheColourModel() {
        Random random = new Random(3);
        BufferedImage whole = new BufferedImage(41, 30, BufferedImage.TYPE_INT_RGB); // odd width: a half chroma pair
        BufferedImage bgr = new BufferedImage(41, 30, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 41; x++) {
                int rgb = random.nextInt(0x1000000);
                whole.setRGB(x, y, rgb);
                bgr.setRGB(x, y, rgb);
            }
        }
        BufferedImage bigger = new BufferedImage(60, 40, BufferedImage.TYPE_INT_RGB);
        bigger.getGraphics().drawImage(whole, 7, 5, null);
        BufferedImage sub = bigger.getSubimage(7, 5, 41, 30); // shares a wider raster: read through the colour model

        StillPlanes straight = StillPlanes.of(whole);
        for (StillPlanes other : new StillPlanes[] {StillPlanes.of(bgr), StillPlanes.of(sub)}) {
            assertEquals(straight.width(), other.width());
            assertArrayEquals(straight.y(), other.y());
            assertArrayEquals(straight.u(), other.u());
            assertArrayEquals(straight.v(), other.v());
        }
    }
}
