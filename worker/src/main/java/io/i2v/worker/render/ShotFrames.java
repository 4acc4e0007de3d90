package io.i2v.worker.render;

/** The frames of one shot: {@code t} from 0 (first frame) to 1 (last; for loops, the frame after the last). */
interface ShotFrames {
    void render(double t, byte[] yuv);

    CameraMove move();

    String kernel();
}
