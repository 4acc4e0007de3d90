package io.i2v.worker.render;

import java.awt.image.BufferedImage;

/** Finds the subject of a photo, for the camera to aim at and for reframing to keep in view. */
public interface SubjectFinder {
    Subject find(BufferedImage image);
}
