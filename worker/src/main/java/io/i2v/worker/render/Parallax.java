package io.i2v.worker.render;

/**
 * How the subject layer moves against the background for one camera move. The background
 * follows the camera; the nearer subject, by the usual 2.5D rule, grows faster on a push
 * ({@code zoomK}: its zoom is the camera's to the power {@code 1 + zoomK}) and slides further on a
 * pan or drift ({@code shiftK}: it moves {@code 1 + shiftK} times as far as the background).
 * An orbit pivots on the subject (it nearly holds still while the background slides behind it);
 * the vertigo dolly zoom keeps the subject's size while the background grows.
 */
record Parallax(double zoomK, double shiftK, double refZoom, double refX, double refY) {

    /** The subject layer relative to the background: scale about its anchor, and shift as a fraction of the image. */
    record Relative(double scale, double dx, double dy) {}

    /**
     * The parallax of {@code kind} for these layers, limited so that no part of the subject moves
     * more than 3% of the frame's width ({@code frameWidth}, working pixels) against the background,
     * times the asked strength up to 1.6 — 10% for the dolly zoom, whose point is the background
     * changing size around a subject that does not.
     */
    static Parallax of(String kind, double strength, CameraMove move, LayerStack layers, double frameWidth) {
        double cap = (kind.equals("vertigo") ? 0.1 : 0.03) * Math.min(1.6, strength) * frameWidth;
        return of(kind, strength, move)
                .limited(
                        move,
                        layers.reachX(),
                        layers.reachY(),
                        layers.background().width(),
                        layers.background().height(),
                        cap);
    }

    /** Which way a move uncovers the background behind the subject, so the fill can carry it that way. */
    static LayerStack.Reveal reveal(String kind, boolean loop) {
        return switch (kind) {
            case "pan left", "pan right", "orbit", "sway", "drift" -> LayerStack.Reveal.ACROSS;
            case "tilt up", "tilt down" -> LayerStack.Reveal.UP_DOWN;
            default -> loop ? LayerStack.Reveal.ACROSS : LayerStack.Reveal.AROUND;
        };
    }

    static Parallax of(String kind, double strength, CameraMove move) {
        double zoomK;
        double shiftK;
        switch (kind) {
            case "orbit" -> {
                zoomK = 0.3 * strength;
                shiftK = -Math.min(1, 0.8 * strength);
            }
            case "vertigo" -> {
                zoomK = -0.85;
                shiftK = 0.35 * strength;
            }
            default -> {
                zoomK = 0.6 * strength;
                shiftK = 0.35 * strength;
            }
        }
        double minZoom = Double.MAX_VALUE;
        double sx = 0;
        double sy = 0;
        int n = 64;
        for (int i = 0; i <= n; i++) {
            CameraPath.Pose p = move.at((double) i / n);
            minZoom = Math.min(minZoom, p.zoom());
            sx += p.x() / (n + 1);
            sy += p.y() / (n + 1);
        }
        CameraPath.Pose mid = move.at(0.5);
        // one-way moves are at rest mid-way (the subject is where the photo has it half-way through); loops about their
        // centre
        double rx = move.periodic() ? sx : mid.x();
        double ry = move.periodic() ? sy : mid.y();
        double refZoom = kind.equals("vertigo") ? move.at(0).zoom() : minZoom;
        return new Parallax(zoomK, shiftK, refZoom, rx, ry);
    }

    /**
     * This parallax, weakened where needed so that no part of the subject moves more than
     * {@code cap} working pixels against the background: {@code reachX}/{@code reachY} are how far
     * the subject extends from its anchor. A large subject scaled about a far anchor would
     * otherwise slide a long way and uncover more fill than looks right.
     */
    Parallax limited(CameraMove move, double reachX, double reachY, double width, double height, double cap) {
        double worst = 0;
        for (int i = 0; i <= 32; i++) {
            Relative r = at(move.at(i / 32.0));
            double s = Math.abs(r.scale() - 1);
            worst = Math.max(
                    worst, Math.hypot(s * reachX + Math.abs(r.dx()) * width, s * reachY + Math.abs(r.dy()) * height));
        }
        if (worst <= cap) {
            return this;
        }
        double k = cap / worst;
        return new Parallax(zoomK * k, shiftK * k, refZoom, refX, refY);
    }

    Relative at(CameraPath.Pose pose) {
        double scale = Math.pow(pose.zoom() / refZoom, zoomK);
        // the background's content moves opposite to the view centre; a nearer layer moves shiftK further still
        return new Relative(scale, -shiftK * (pose.x() - refX), -shiftK * (pose.y() - refY));
    }
}
