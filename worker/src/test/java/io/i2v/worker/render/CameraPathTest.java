package io.i2v.worker.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CameraPathTest {
    final CameraPath push = new CameraPath(1.0, 1.15, 0.5, 0.5, 0.5, 0.5, CameraPath.Easing.SMOOTH);

    @Test
    void smoothMotionStartsAndStopsAtRest() {
        double first = push.at(1.0 / 300).zoom() - push.at(0).zoom();
        double middle = push.at(151.0 / 300).zoom() - push.at(150.0 / 300).zoom();
        double last = push.at(1).zoom() - push.at(299.0 / 300).zoom();
        assertTrue(first < middle / 100, "eases in");
        assertTrue(last < middle / 100, "eases out");
        assertEquals(1.15, push.at(1).zoom(), 1e-12);
    }

    @Test
    void zoomNeverReversesDirection() {
        double previous = push.at(0).zoom();
        for (int i = 1; i <= 300; i++) {
            double z = push.at(i / 300.0).zoom();
            assertTrue(z >= previous, "frame " + i);
            previous = z;
        }
    }
}
