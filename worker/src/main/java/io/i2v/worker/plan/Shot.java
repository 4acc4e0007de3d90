package io.i2v.worker.plan;

/**
 * One input image on screen: which image, the camera move, and how it fills the frame —
 * {@code fit=false} crops to cover (aimed at the subject), {@code fit=true} shows the whole
 * image over a blurred fill. {@code focusX/Y} (0..1) override the detected subject when set.
 * {@code depth} says whether the subject is drawn as its own layer that moves against the background.
 */
public record Shot(String name, int image, Motion motion, boolean fit, Double focusX, Double focusY, Depth depth) {
    public Shot {
        depth = depth == null ? Depth.AUTO : depth;
    }

    public Shot(String name, int image, Motion motion, boolean fit, Double focusX, Double focusY) {
        this(name, image, motion, fit, focusX, focusY, Depth.AUTO);
    }

    public Shot withMotion(Motion m) {
        return new Shot(name, image, m, fit, focusX, focusY, depth);
    }

    public Shot withFit(boolean f) {
        return new Shot(name, image, motion, f, focusX, focusY, depth);
    }

    public Shot withFocus(Double x, Double y) {
        return new Shot(name, image, motion, fit, x, y, depth);
    }

    public Shot withDepth(Depth d) {
        return new Shot(name, image, motion, fit, focusX, focusY, d);
    }
}
