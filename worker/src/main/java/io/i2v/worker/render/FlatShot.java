package io.i2v.worker.render;

/** One rigid camera move over the whole picture. */
record FlatShot(FrameSynthesizer synth, CameraMove move) implements ShotFrames {
    @Override
    public void render(double t, byte[] yuv) {
        synth.render(move.at(t), yuv);
    }

    @Override
    public String kernel() {
        return synth.kernel();
    }
}
