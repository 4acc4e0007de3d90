package io.i2v.worker.plan;

/**
 * One input image on screen: which image, the camera move, and how it fills the frame —
 * {@code fit=false} crops to cover (aimed at the subject), {@code fit=true} shows the whole
 * image over a blurred fill. {@code focusX/Y} (0..1) override the detected subject when set.
 */
public record Shot(String name, int image, Motion motion, boolean fit, Double focusX, Double focusY) {
    public Shot withMotion(Motion m) {
        return new Shot(name, image, m, fit, focusX, focusY);
    }

    public Shot withFit(boolean f) {
        return new Shot(name, image, motion, f, focusX, focusY);
    }

    public Shot withFocus(Double x, Double y) {
        return new Shot(name, image, motion, fit, x, y);
    }
}
