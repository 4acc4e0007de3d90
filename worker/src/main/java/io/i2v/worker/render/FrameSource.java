package io.i2v.worker.render;

/** Frames of a clip, drawn on demand in the encoder's 4:2:0 layout; called from one thread, in order. */
public interface FrameSource {
    int width();

    int height();

    int fps();

    int frameCount();

    /** Draws frame {@code index} (0-based) into {@code yuv}. */
    void render(int index, byte[] yuv);
}
