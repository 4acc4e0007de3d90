package io.i2v.worker.render;

/**
 * A shot of a scene without a subject, drawn with the depth of its {@link GroundPlane}: the
 * nearest rows (the bottom of the picture) follow the camera exactly, and the farther a row is
 * the less of the camera's move it makes — a distant row zooms by the camera's zoom to the power
 * {@code 1 - zoomK}, and travels {@code 1 - shiftK} of its way, about the move's reference pose.
 * Every row stays inside what the camera itself covers, so no edge shows; the warp is continuous,
 * so nothing opens up and nothing needs filling. Each row is drawn with the same sub-pixel kernel
 * as a flat shot.
 */
final class GroundShot implements ShotFrames {
    private final FrameSynthesizer synth;
    private final CameraMove move;
    private final GroundPlane ground;
    private final Parallax depth;

    /** {@code depth}: the move's reference pose, with how much less the farthest rows zoom and travel. */
    GroundShot(FrameSynthesizer synth, CameraMove move, GroundPlane ground, Parallax depth) {
        this.synth = synth;
        this.move = move;
        this.ground = ground;
        this.depth = depth;
    }

    /**
     * The depth for {@code move} at {@code strength}: at strength 1 the farthest rows make half the
     * camera's zoom and three quarters of its travel (less travel parallax than zoom: a ground that
     * shears sideways leans whatever stands on it), limited so that the distance moves no more than
     * 4% of the frame's width (times the strength, up to 1.6) against the foreground at the frame's edge.
     */
    static Parallax depth(CameraMove move, double strength, double viewWidth, double workingWidth) {
        Parallax refs = Parallax.of("ground", strength, move);
        double k = Math.min(0.9, 0.5 * strength);
        double cap = 0.04 * Math.min(1.6, strength);
        double worst = 0;
        for (int i = 0; i <= 32; i++) {
            CameraPath.Pose p = move.at(i / 32.0);
            double zoomApart = Math.abs(Math.log(p.zoom() / refs.refZoom())) * k / 2;
            double shiftApart = Math.hypot(p.x() - refs.refX(), p.y() - refs.refY()) * k / 2 * workingWidth / viewWidth;
            worst = Math.max(worst, zoomApart + shiftApart);
        }
        if (worst > cap) {
            k *= cap / worst;
        }
        return new Parallax(k, k / 2, refs.refZoom(), refs.refX(), refs.refY());
    }

    /** Where a row {@code far} away (0 nearest .. 1 farthest) looks when the camera is at {@code pose}. */
    CameraPath.Pose farPose(CameraPath.Pose pose, double far) {
        double zoom = depth.refZoom() * Math.pow(pose.zoom() / depth.refZoom(), 1 - depth.zoomK() * far);
        double travel = 1 - depth.shiftK() * far;
        return new CameraPath.Pose(
                zoom,
                depth.refX() + (pose.x() - depth.refX()) * travel,
                depth.refY() + (pose.y() - depth.refY()) * travel);
    }

    @Override
    public void render(double t, byte[] yuv) {
        CameraPath.Pose pose = move.at(t);
        double[] camera = synth.view(pose);
        synth.render(
                y -> {
                    double far = 1 - ground.nearness(synth.rowFraction(camera, y));
                    return far == 0 ? camera : synth.view(farPose(pose, far));
                },
                yuv);
    }

    @Override
    public CameraMove move() {
        return move;
    }

    @Override
    public String kernel() {
        return synth.kernel();
    }
}
