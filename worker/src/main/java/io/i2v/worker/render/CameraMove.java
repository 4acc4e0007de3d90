package io.i2v.worker.render;

/** Where the camera looks over a shot, {@code t} from 0 to 1: a one-way {@link CameraPath} or a periodic {@link LoopPath}. */
public sealed interface CameraMove permits CameraPath, LoopPath {
    CameraPath.Pose at(double t);

    /** The closest zoom anywhere on the move (the working copy is made large enough for it). */
    double maxZoom();

    /** Whether {@code at(1)} equals {@code at(0)}: frames are then sampled at i / n, so the clip loops without a jump. */
    default boolean periodic() {
        return false;
    }
}
