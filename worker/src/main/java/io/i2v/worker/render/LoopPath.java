package io.i2v.worker.render;

/**
 * A periodic camera move for seamless loops: the view centre runs once round an ellipse
 * ({@code ax} across, {@code ay} up and down) while the zoom breathes from {@code zoom} to
 * {@code zoom + breathe} and back. Position and speed are continuous across the loop point, and
 * the path is not its own reverse (the ellipse has a direction), so it is a loop, not a boomerang.
 */
public record LoopPath(double zoom, double breathe, double x, double y, double ax, double ay) implements CameraMove {

    @Override
    public CameraPath.Pose at(double t) {
        double a = 2 * Math.PI * t;
        return new CameraPath.Pose(zoom + breathe * (1 - Math.cos(a)) / 2, x + ax * Math.sin(a), y - ay * Math.cos(a));
    }

    @Override
    public double maxZoom() {
        return zoom + Math.max(0, breathe);
    }

    @Override
    public boolean periodic() {
        return true;
    }
}
