package io.i2v.worker.render;

/**
 * A shot drawn as two layers: the filled background follows the camera; the subject layer is
 * resampled with its own view (the background's, scaled about the subject's anchor and shifted
 * by the {@link Parallax}) and composited over it by its soft matte. Both resamples are the same
 * sub-pixel kernel, so the subject moves as smoothly as the camera. Only the subject's bounding
 * box is drawn and blended. For rack focus each layer is mixed with its defocused twin.
 */
final class LayeredShot implements ShotFrames {
    private final FrameSynthesizer background;
    private final FrameSynthesizer backgroundBlurred;
    private final LayerStack layers;
    private final Parallax parallax;
    private final CameraMove move;
    private final boolean rack;
    private final int width;
    private final int height;
    private final PlaneKernel kernel;
    private byte[] scratchFrame;
    private byte[] fy = new byte[0], fa = new byte[0], fu = new byte[0], fv = new byte[0], fc = new byte[0];
    private byte[] by = new byte[0], ba = new byte[0], bu = new byte[0], bv = new byte[0], bc = new byte[0];

    LayeredShot(LayerStack layers, int width, int height, double maxZoom, CameraMove move, Parallax parallax,
                boolean rack) {
        this.layers = layers;
        this.width = width;
        this.height = height;
        this.move = move;
        this.parallax = parallax;
        this.rack = rack && layers.backgroundBlurred() != null;
        this.background = new FrameSynthesizer(layers.background(), width, height, maxZoom);
        this.backgroundBlurred = this.rack ? new FrameSynthesizer(layers.backgroundBlurred(), width, height, maxZoom)
                : null;
        this.kernel = PlaneKernel.fastest();
    }

    @Override
    public CameraMove move() {
        return move;
    }

    @Override
    public String kernel() {
        return background.kernel();
    }

    /** The subject layer's place against the background at {@code t}. */
    Parallax.Relative relative(double t) {
        return parallax.at(move.at(t));
    }

    /** How defocused the subject (and, one minus it, the background) is at {@code t}: focus pulls from far to near. */
    double subjectBlur(double t) {
        if (!rack) {
            return 0;
        }
        if (move.periodic()) {
            return (1 + Math.cos(2 * Math.PI * t)) / 2;
        }
        double u = Math.max(0, Math.min(1, (t - 0.2) / 0.5));
        return 1 - u * u * (3 - 2 * u);
    }

    @Override
    public void render(double t, byte[] yuv) {
        CameraPath.Pose pose = move.at(t);
        double[] view = background.view(pose);
        double blur = subjectBlur(t);
        background.render(view, yuv);
        if (rack && blur < 1) {
            if (scratchFrame == null) {
                scratchFrame = new byte[yuv.length];
            }
            backgroundBlurred.render(view, scratchFrame);
            mix(yuv, scratchFrame, 1 - blur);
        }
        Box b = box(pose, view);
        if (b == null) {
            return;
        }
        int bw = b.x1 - b.x0;
        int bh = b.y1 - b.y0;
        ensure(bw, bh);
        LayerStack.SubjectLayer s = layers.subject();
        draw(s, b, fy, fa, fu, fv, fc);
        if (rack && blur > 0) {
            draw(layers.subjectBlurred(), b, by, ba, bu, bv, bc);
            int k = (int) Math.round(blur * 256);
            lerp(fy, by, bw * bh, k);
            lerp(fa, ba, bw * bh, k);
            int c = (bw / 2) * (bh / 2);
            lerp(fu, bu, c, k);
            lerp(fv, bv, c, k);
            lerp(fc, bc, c, k);
        }
        blend(yuv, 0, width, b.x0, b.y0, bw, bh, fy, fa);
        int cwOut = width / 2;
        int chOut = height / 2;
        int u = width * height;
        blend(yuv, u, cwOut, b.x0 / 2, b.y0 / 2, bw / 2, bh / 2, fu, fc);
        blend(yuv, u + cwOut * chOut, cwOut, b.x0 / 2, b.y0 / 2, bw / 2, bh / 2, fv, fc);
    }

    /**
     * The subject's matte as composited at {@code t}, in output pixels (0 elsewhere): where the
     * subject layer covers the frame. Benchmarks and tests use it to measure each layer's motion
     * in the decoded video.
     */
    void subjectMask(double t, byte[] mask) {
        java.util.Arrays.fill(mask, 0, width * height, (byte) 0);
        CameraPath.Pose pose = move.at(t);
        Box b = box(pose, background.view(pose));
        if (b == null) {
            return;
        }
        int bw = b.x1 - b.x0;
        int bh = b.y1 - b.y0;
        ensure(bw, bh);
        StillPlanes p = layers.subject().planes();
        kernel.plane(layers.subject().alpha(), p.width(), p.height(), fa, 0, bw, bh, b.sx, b.sy, b.step);
        for (int j = 0; j < bh; j++) {
            System.arraycopy(fa, j * bw, mask, (b.y0 + j) * width + b.x0, bw);
        }
    }

    /** Where the subject layer lands in the frame (x0..x1, y0..y1, even) and where its samples start in the crop. */
    private record Box(int x0, int y0, int x1, int y1, double sx, double sy, double cl, double ct, double step) {
    }

    private Box box(CameraPath.Pose pose, double[] view) {
        Parallax.Relative r = parallax.at(pose);
        StillPlanes bgPlanes = layers.background();
        double m = r.scale();
        double step = view[2] / m;
        double ax = layers.anchorX();
        double ay = layers.anchorY();
        double left = ax + (view[0] - ax - r.dx() * bgPlanes.width()) / m;
        double top = ay + (view[1] - ay - r.dy() * bgPlanes.height()) / m;
        LayerStack.SubjectLayer s = layers.subject();
        int cw = s.planes().width();
        int ch = s.planes().height();
        // the output box the subject's crop lands in; a side standing on the photo's edge runs to the frame's edge
        int x0 = s.left() ? 0 : (int) Math.floor((s.x() - left + 0.5) / step) - 2;
        int x1 = s.right() ? width : (int) Math.ceil((s.x() + cw - left + 0.5) / step) + 2;
        int y0 = s.top() ? 0 : (int) Math.floor((s.y() - top + 0.5) / step) - 2;
        int y1 = s.bottom() ? height : (int) Math.ceil((s.y() + ch - top + 0.5) / step) + 2;
        x0 = Math.max(0, x0) & ~1;
        y0 = Math.max(0, y0) & ~1;
        x1 = Math.min(width, x1 + 1) & ~1;
        y1 = Math.min(height, y1 + 1) & ~1;
        if (x1 <= x0 || y1 <= y0) {
            return null;
        }
        double sx = left - 0.5 - s.x() + x0 * step;
        double sy = top - 0.5 - s.y() + y0 * step;
        double cl = (left + step) / 2 - 0.5 - s.x() / 2.0 + (x0 / 2) * step;
        double ct = (top + step) / 2 - 0.5 - s.y() / 2.0 + (y0 / 2) * step;
        return new Box(x0, y0, x1, y1, sx, sy, cl, ct, step);
    }

    private void draw(LayerStack.SubjectLayer s, Box b, byte[] y, byte[] a, byte[] u, byte[] v, byte[] c) {
        StillPlanes p = s.planes();
        int bw = b.x1 - b.x0;
        int bh = b.y1 - b.y0;
        kernel.plane(p.y(), p.width(), p.height(), y, 0, bw, bh, b.sx, b.sy, b.step);
        kernel.plane(s.alpha(), p.width(), p.height(), a, 0, bw, bh, b.sx, b.sy, b.step);
        kernel.plane(p.u(), p.chromaWidth(), p.chromaHeight(), u, 0, bw / 2, bh / 2, b.cl, b.ct, b.step);
        kernel.plane(p.v(), p.chromaWidth(), p.chromaHeight(), v, 0, bw / 2, bh / 2, b.cl, b.ct, b.step);
        kernel.plane(s.alphaHalf(), p.chromaWidth(), p.chromaHeight(), c, 0, bw / 2, bh / 2, b.cl, b.ct, b.step);
    }

    private void ensure(int bw, int bh) {
        int n = bw * bh;
        if (fy.length < n) {
            fy = new byte[n];
            fa = new byte[n];
            fu = new byte[n / 4 + 1];
            fv = new byte[n / 4 + 1];
            fc = new byte[n / 4 + 1];
            if (rack) {
                by = new byte[n];
                ba = new byte[n];
                bu = new byte[n / 4 + 1];
                bv = new byte[n / 4 + 1];
                bc = new byte[n / 4 + 1];
            }
        }
    }

    /** {@code plane[base + (oy + j) * stride + ox + i]} ← itself over {@code fg} by {@code alpha}, for the box. */
    private static void blend(byte[] frame, int base, int stride, int ox, int oy, int bw, int bh, byte[] fg,
                              byte[] alpha) {
        for (int j = 0; j < bh; j++) {
            int o = base + (oy + j) * stride + ox;
            int f = j * bw;
            for (int i = 0; i < bw; i++) {
                int a = alpha[f + i] & 0xff;
                if (a == 0) {
                    continue;
                }
                if (a == 255) {
                    frame[o + i] = fg[f + i];
                } else {
                    int b = frame[o + i] & 0xff;
                    frame[o + i] = (byte) (b + (((fg[f + i] & 0xff) - b) * a * 257 + 32768 >> 16));
                }
            }
        }
    }

    /** {@code a} ← a + (b − a)·k/256 over the first {@code n} entries. */
    private static void lerp(byte[] a, byte[] b, int n, int k) {
        for (int i = 0; i < n; i++) {
            int x = a[i] & 0xff;
            a[i] = (byte) (x + (((b[i] & 0xff) - x) * k + 128 >> 8));
        }
    }

    /** {@code into} ← into + (from − into)·k, every plane. */
    private static void mix(byte[] into, byte[] from, double k) {
        int a = (int) Math.round(k * 256);
        for (int i = 0; i < into.length; i++) {
            int f = into[i] & 0xff;
            into[i] = (byte) (f + (((from[i] & 0xff) - f) * a + 128 >> 8));
        }
    }
}
