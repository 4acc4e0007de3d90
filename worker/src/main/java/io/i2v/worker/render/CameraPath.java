package io.i2v.worker.render;

/**
 * Where the virtual camera looks at time {@code t} (0..1): a zoom factor and a focus point
 * in normalised image coordinates. Eased, continuous, never snapped to pixels.
 */
public record CameraPath(double startZoom, double endZoom, double startX, double startY, double endX, double endY,
                         Easing easing) {

    public Pose at(double t) {
        double e = easing.apply(Math.max(0, Math.min(1, t)));
        return new Pose(startZoom + (endZoom - startZoom) * e, startX + (endX - startX) * e,
                startY + (endY - startY) * e);
    }

    public double maxZoom() {
        return Math.max(startZoom, endZoom);
    }

    /** zoom ≥ 1 (1 = the whole cover-fitted frame); x, y the view centre, 0..1 of the image. */
    public record Pose(double zoom, double x, double y) {
    }

    public enum Easing {
        LINEAR, SMOOTH;

        double apply(double t) {
            return switch (this) {
                case LINEAR -> t;
                // smootherstep: zero velocity and acceleration at both ends, so motion starts and stops gently
                case SMOOTH -> t * t * t * (t * (t * 6 - 15) + 10);
            };
        }
    }
}
