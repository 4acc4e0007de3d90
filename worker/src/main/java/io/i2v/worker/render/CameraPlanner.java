package io.i2v.worker.render;

import io.i2v.worker.plan.Motion;

/**
 * Turns a requested move into a concrete camera path aimed at the subject. {@code visW/visH}
 * are the fractions of the image the frame shows at zoom 1 (1 on the axis the image fills,
 * less on the axis that is cropped). Centres are kept where the view stays inside the image,
 * so the framing never has to be clamped mid-move (which would bend the path).
 */
public final class CameraPlanner {
    private CameraPlanner() {}

    public static CameraPath plan(Motion motion, Subject subject, double visW, double visH) {
        double i = motion.intensity();
        CameraPath.Easing e = motion.easing();
        double sx = subject.x();
        double sy = headroom(subject, visH / TIGHTEST);
        return switch (motion.kind()) {
            case "static" ->
                new CameraPath(1, 1, cx(sx, visW, 1), cy(sy, visH, 1), cx(sx, visW, 1), cy(sy, visH, 1), e);
            case "zoom out" -> {
                double z = 1 + 0.15 * i;
                yield new CameraPath(z, 1, cx(sx, visW, z), cy(sy, visH, z), cx(sx, visW, 1), cy(sy, visH, 1), e);
            }
            case "pan left", "pan right" -> pan(motion.kind().equals("pan right"), sx, sy, visW, visH, i, e, true);
            case "tilt up", "tilt down" -> pan(motion.kind().equals("tilt down"), sx, sy, visW, visH, i, e, false);
            case "drift" -> {
                double z0 = 1.08;
                double z1 = 1.12;
                double d = 0.03 * i;
                yield new CameraPath(
                        z0,
                        z1,
                        cx(sx - d, visW, z0),
                        cy(sy + d / 2, visH, z0),
                        cx(sx + d, visW, z1),
                        cy(sy - d / 2, visH, z1),
                        e);
            }
            case "sway" -> {
                double z = 1.1 + 0.05 * i;
                double a = Math.min(0.04 * i, Math.max(0, (1 - visW / z) / 2 - Math.abs(cx(sx, visW, z) - 0.5)));
                yield new CameraPath(
                        z,
                        z,
                        cx(sx, visW, z),
                        cy(sy, visH, z),
                        cx(sx, visW, z),
                        cy(sy, visH, z),
                        CameraPath.Easing.LINEAR,
                        a,
                        0.03 * i);
            }
            case "orbit" -> {
                // an arc round the subject: the view swings across it (with layers, the background slides behind it)
                double z = 1.12;
                double lo = visW / z / 2;
                double half = Math.min(0.035 * i, Math.max(0, (1 - 2 * lo) / 2));
                double mid = Math.max(lo + half, Math.min(1 - lo - half, sx));
                yield new CameraPath(z, z, mid - half, cy(sy, visH, z), mid + half, cy(sy, visH, z), e);
            }
            case "vertigo" -> {
                // the dolly zoom: the background grows toward the viewer (with layers, the subject keeps its size)
                double z = 1 + 0.15 * i;
                yield new CameraPath(1, z, cx(sx, visW, 1), cy(sy, visH, 1), cx(sx, visW, z), cy(sy, visH, z), e);
            }
            case "rack focus" -> {
                double z = 1 + 0.06 * i;
                yield new CameraPath(1, z, cx(sx, visW, 1), cy(sy, visH, 1), cx(sx, visW, z), cy(sy, visH, z), e);
            }
            default -> {
                // push in / dolly in: from the subject-centred full frame toward the subject
                double z = 1 + (motion.kind().equals("dolly in") ? 0.25 : 0.15) * i;
                yield new CameraPath(1, z, cx(sx, visW, 1), cy(sy, visH, 1), cx(sx, visW, z), cy(sy, visH, z), e);
            }
        };
    }

    /**
     * The periodic version of a move, for seamless loops: pushes breathe in and out while drifting
     * round a small ellipse, pans and tilts run a long flat ellipse along their axis, orbits and
     * drifts a rounder one. Amplitudes shrink to what fits inside the image at the widest view.
     */
    public static LoopPath loop(Motion motion, Subject subject, double visW, double visH) {
        double i = motion.intensity();
        double z = 1.1;
        double breathe;
        double ax;
        double ay;
        switch (motion.kind()) {
            case "static" -> {
                return new LoopPath(1, 0, cx(subject.x(), visW, 1), cy(subject.y(), visH, 1), 0, 0);
            }
            case "pan left", "pan right" -> {
                breathe = 0.02 * i;
                ax = 0.05 * i;
                ay = 0.008 * i;
            }
            case "tilt up", "tilt down" -> {
                breathe = 0.02 * i;
                ax = 0.008 * i;
                ay = 0.05 * i;
            }
            case "orbit", "sway", "drift" -> {
                breathe = 0.03 * i;
                ax = 0.03 * i;
                ay = 0.015 * i;
            }
            default -> {
                breathe = 0.08 * i;
                ax = 0.012 * i;
                ay = 0.008 * i;
            }
        }
        ax = Math.min(ax, (1 - visW / z) / 2);
        ay = Math.min(ay, (1 - visH / z) / 2);
        double x = Math.max(visW / z / 2 + ax, Math.min(1 - visW / z / 2 - ax, subject.x()));
        double y = Math.max(visH / z / 2 + ay, Math.min(1 - visH / z / 2 - ay, headroom(subject, visH / TIGHTEST)));
        return new LoopPath(z, breathe, visW / z >= 1 ? 0.5 : x, visH / z >= 1 ? 0.5 : y, ax, ay);
    }

    private static CameraPath pan(
            boolean forward,
            double sx,
            double sy,
            double visW,
            double visH,
            double i,
            CameraPath.Easing e,
            boolean horizontal) {
        double z = 1.2;
        double want = 0.08 * i;
        double vis = (horizontal ? visW : visH) / z;
        double lo = vis / 2;
        double hi = 1 - vis / 2;
        double centre = horizontal ? sx : sy;
        double half = Math.min(want, (hi - lo) / 2);
        double mid = Math.max(lo + half, Math.min(hi - half, centre));
        double a = forward ? mid - half : mid + half;
        double b = forward ? mid + half : mid - half;
        return horizontal
                ? new CameraPath(z, z, a, cy(sy, visH, z), b, cy(sy, visH, z), e)
                : new CameraPath(z, z, cx(sx, visW, z), a, cx(sx, visW, z), b, e);
    }

    /** About the closest any move here frames (pans and tilts at 1.2). */
    private static final double TIGHTEST = 1.2;

    /**
     * Where to aim across the subject's height: its centre when it fits the view ({@code view}, a
     * fraction of the image's height), else low enough that its top stays in with a little room
     * above (a squirrel's ears, a face's eyes: what is cut when a tall subject is centred in a wide,
     * letterboxed frame).
     */
    static double headroom(Subject subject, double view) {
        if (subject.h() <= view * 0.9) {
            return subject.y();
        }
        double top = subject.y() - subject.h() / 2;
        return Math.min(subject.y(), top + view * 0.45);
    }

    private static double cx(double x, double visW, double zoom) {
        return clampCentre(x, visW / zoom);
    }

    private static double cy(double y, double visH, double zoom) {
        return clampCentre(y, visH / zoom);
    }

    private static double clampCentre(double c, double view) {
        return view >= 1 ? 0.5 : Math.max(view / 2, Math.min(1 - view / 2, c));
    }
}
