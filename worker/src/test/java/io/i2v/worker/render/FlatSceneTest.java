package io.i2v.worker.render;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class FlatSceneTest {
    @Test
    void aBlackAndWhitePhotoIsNotMistakenForAGraphic() {
        // every pixel grey: at 4 bits per channel all its tones would fall into a handful of bins
        BufferedImage grey = Scenes.textured(640, 360, new Color(128, 128, 128), 7);
        assertFalse(FlatScene.graphic(grey), "cover " + FlatScene.paletteCover(grey));
    }

    @Test
    void aGreyDocumentIsStillAGraphic() {
        BufferedImage doc = new BufferedImage(640, 360, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = doc.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 640, 360);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SERIF, Font.PLAIN, 18));
        for (int line = 0; line < 14; line++) {
            g.drawString("Quarterly minutes: the board met and agreed the plan, item " + line, 20, 30 + line * 24);
        }
        g.dispose();
        assertTrue(FlatScene.graphic(doc), "cover " + FlatScene.paletteCover(doc));
    }

    @Test
    void theChartOfTheLivingPhotoTestsIsAGraphic() {
        assertTrue(FlatScene.graphic(LivingPhotoTest.chart()));
    }
}
