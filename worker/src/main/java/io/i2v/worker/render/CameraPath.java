package io.i2v.worker.render;

/**
 * Where the virtual camera looks at time {@code t} (0..1): a zoom factor and a focus point
 * in normalised image coordinates. Eased, continuous, never snapped to pixels. {@code swayX}
 * and {@code swayZoom} add one slow sine period on top (the orbit-like parallax sway).
 */
public record CameraPath(
        double startZoom,
        double endZoom,
        double startX,
        double startY,
        double endX,
        double endY,
        Easing easing,
        double swayX,
        double swayZoom)
        implements CameraMove {

    public CameraPath(
            double startZoom, double endZoom, double startX, double startY, double endX, double endY, Easing easing) {
        this(startZoom, endZoom, startX, startY, endX, endY, easing, 0, 0);
    }

    @Override
    public Pose at(double t) {
        double c = Math.max(0, Math.min(1, t));
        double e = easing.apply(c);
        double s = Math.sin(2 * Math.PI * easing.apply(c));
        return new Pose(
                startZoom + (endZoom - startZoom) * e + swayZoom * (1 - Math.cos(2 * Math.PI * e)) / 2,
                startX + (endX - startX) * e + swayX * s,
                startY + (endY - startY) * e);
    }

    @Override
    public double maxZoom() {
        return Math.max(startZoom, endZoom) + Math.max(0, swayZoom);
    }

    /** zoom ≥ 1 (1 = the whole cover-fitted frame); x, y the view centre, 0..1 of the image. */
    public record Pose(double zoom, double x, double y) {}

    public enum Easing {
        LINEAR,
        SMOOTH;

        double apply(double t) {
            return switch (this) {
                case LINEAR -> t;
                // smootherstep: zero velocity and acceleration at both ends, so motion starts and stops gently
                case SMOOTH -> t * t * t * (t * (t * 6 - 15) + 10);
            };
        }
    }
}
