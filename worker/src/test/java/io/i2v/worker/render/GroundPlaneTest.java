package io.i2v.worker.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import org.junit.jupiter.api.Test;

class GroundPlaneTest {
    @Test
    void theHorizonIsWhereTheSkyEnds() {
        GroundPlane g = GroundPlane.find(Scenes.landscape(960, 540, 0.4));
        assertNotNull(g, "a sky over ground gives a ground plane");
        assertEquals(0.4, g.horizon(), 0.03);
        assertEquals(0.4, g.sky(), 0.05);
    }

    @Test
    void groundComesNearerRowByRowAndNothingAboveTheHorizonMoves() {
        GroundPlane g = new GroundPlane(0.4, 0.4);
        assertEquals(0, g.nearness(0.1));
        assertEquals(0, g.nearness(0.4));
        assertEquals(1, g.nearness(1), 1e-9);
        double previous = 0;
        for (double v = 0.41; v <= 1; v += 0.01) {
            double n = g.nearness(v);
            assertTrue(n > previous, "nearer at every row below the horizon: " + v);
            // eased in just below the horizon, then the straight line a flat ground gives
            assertTrue(n - previous < 0.02, "with no jump: " + v);
            previous = n;
        }
    }

    @Test
    void aPictureTexturedToTheTopHasNoHorizonToGoBy() {
        assertNull(GroundPlane.find(Scenes.textured(960, 540, new Color(120, 110, 90), 4)));
    }

    @Test
    void aSkyThatFillsAlmostThePictureLeavesNoGroundToMove() {
        assertNull(GroundPlane.find(Scenes.landscape(960, 540, 0.9)));
    }
}
