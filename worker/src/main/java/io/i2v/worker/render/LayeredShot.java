package io.i2v.worker.render;

import java.util.Arrays;

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
    /** Rows at the top and bottom that letterbox bars cover: neither layer is drawn there. */
    private final int bar;

    private final PlaneKernel kernel;
    private byte[] scratchFrame;
    /**
     * Whether the background is left undrawn under the subject's opaque core and the subject drawn
     * only where its matte reaches (tests turn it off to compare with drawing everything).
     */
    boolean skipHidden = true;

    private final Scratch sharp = new Scratch();
    private final Scratch defocused = new Scratch();
    private final SubjectRuns runs = new SubjectRuns();

    /** One layer resampled into the subject's box: luma, alpha, and at half size chroma and alpha. */
    private static final class Scratch {
        byte[] y = new byte[0], a = new byte[0], u = new byte[0], v = new byte[0], c = new byte[0];

        void ensure(int bw, int bh) {
            int n = bw * bh;
            if (y.length < n) {
                y = new byte[n];
                a = new byte[n];
                u = new byte[n / 4 + 1];
                v = new byte[n / 4 + 1];
                c = new byte[n / 4 + 1];
            }
        }
    }

    LayeredShot(
            LayerStack layers,
            int width,
            int height,
            double maxZoom,
            CameraMove move,
            Parallax parallax,
            boolean rack,
            int bar) {
        this.bar = bar;
        this.layers = layers;
        this.width = width;
        this.height = height;
        this.move = move;
        this.parallax = parallax;
        this.rack = rack && layers.backgroundBlurred() != null;
        this.background = new FrameSynthesizer(layers.background(), width, height, maxZoom, bar);
        this.backgroundBlurred =
                this.rack ? new FrameSynthesizer(layers.backgroundBlurred(), width, height, maxZoom, bar) : null;
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

    LayerStack layers() {
        return layers;
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
        Box b = box(pose, view);
        boolean skip = blur == 0 && skipHidden;
        if (b != null) {
            runs.update(layers.subject(), b, height, skip);
        }
        if (b != null && skip) {
            background.render(view, yuv, runs.skip, runs.skipChroma);
        } else {
            background.render(view, yuv);
        }
        if (rack && blur < 1) {
            if (scratchFrame == null) {
                scratchFrame = new byte[yuv.length];
            }
            backgroundBlurred.render(view, scratchFrame);
            lerp(yuv, scratchFrame, yuv.length, (int) Math.round((1 - blur) * 256));
        }
        if (b == null) {
            return;
        }
        int bw = b.x1 - b.x0;
        int bh = b.y1 - b.y0;
        sharp.ensure(bw, bh);
        boolean blurred = rack && blur > 0;
        draw(layers.subject(), b, sharp, !blurred);
        if (blurred) {
            defocused.ensure(bw, bh);
            draw(layers.subjectBlurred(), b, defocused, false);
            int k = (int) Math.round(blur * 256);
            int c = (bw / 2) * (bh / 2);
            lerp(sharp.y, defocused.y, bw * bh, k);
            lerp(sharp.a, defocused.a, bw * bh, k);
            lerp(sharp.u, defocused.u, c, k);
            lerp(sharp.v, defocused.v, c, k);
            lerp(sharp.c, defocused.c, c, k);
        }
        blend(yuv, 0, width, b.x0, b.y0, bw, sharp.y, sharp.a, runs.draw);
        int cwOut = width / 2;
        int chOut = height / 2;
        int u = width * height;
        blend(yuv, u, cwOut, b.x0 / 2, b.y0 / 2, bw / 2, sharp.u, sharp.c, runs.drawChroma);
        blend(yuv, u + cwOut * chOut, cwOut, b.x0 / 2, b.y0 / 2, bw / 2, sharp.v, sharp.c, runs.drawChroma);
    }

    /**
     * The subject's matte as composited at {@code t}, in output pixels (0 elsewhere): where the
     * subject layer covers the frame. Benchmarks and tests use it to measure each layer's motion
     * in the decoded video.
     */
    void subjectMask(double t, byte[] mask) {
        Arrays.fill(mask, 0, width * height, (byte) 0);
        CameraPath.Pose pose = move.at(t);
        Box b = box(pose, background.view(pose));
        if (b == null) {
            return;
        }
        int bw = b.x1 - b.x0;
        int bh = b.y1 - b.y0;
        sharp.ensure(bw, bh);
        StillPlanes p = layers.subject().planes();
        kernel.plane(layers.subject().alpha(), p.width(), p.height(), sharp.a, 0, bw, bh, b.sx, b.sy, b.step);
        for (int j = 0; j < bh; j++) {
            System.arraycopy(sharp.a, j * bw, mask, (b.y0 + j) * width + b.x0, bw);
        }
    }

    /** Where the subject layer lands in the frame (x0..x1, y0..y1, even) and where its samples start in the crop. */
    record Box(int x0, int y0, int x1, int y1, double sx, double sy, double cl, double ct, double step) {}

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
        // not into the rows letterbox bars cover (bar is even)
        x0 = Math.max(0, x0) & ~1;
        y0 = Math.max(bar, y0) & ~1;
        x1 = Math.min(width, x1 + 1) & ~1;
        y1 = Math.min(height - bar, y1 + 1) & ~1;
        if (x1 <= x0 || y1 <= y0) {
            return null;
        }
        double sx = left - 0.5 - s.x() + x0 * step;
        double sy = top - 0.5 - s.y() + y0 * step;
        double cl = (left + step) / 2 - 0.5 - s.x() / 2.0 + (x0 / 2) * step;
        double ct = (top + step) / 2 - 0.5 - s.y() / 2.0 + (y0 / 2) * step;
        return new Box(x0, y0, x1, y1, sx, sy, cl, ct, step);
    }

    /** The layer into the box's scratch planes; {@code spans}: only where its matte reaches (the blurred twin spreads wider). */
    private void draw(LayerStack.SubjectLayer s, Box b, Scratch into, boolean spans) {
        StillPlanes p = s.planes();
        int bw = b.x1 - b.x0;
        int bh = b.y1 - b.y0;
        Runs luma = spans ? runs.draw : null;
        Runs chroma = spans ? runs.drawChroma : null;
        int cw = p.chromaWidth();
        int ch = p.chromaHeight();
        kernel.plane(p.y(), p.width(), p.height(), into.y, 0, bw, bh, b.sx, b.sy, b.step, luma, true);
        kernel.plane(s.alpha(), p.width(), p.height(), into.a, 0, bw, bh, b.sx, b.sy, b.step, luma, true);
        kernel.plane(p.u(), cw, ch, into.u, 0, bw / 2, bh / 2, b.cl, b.ct, b.step, chroma, true);
        kernel.plane(p.v(), cw, ch, into.v, 0, bw / 2, bh / 2, b.cl, b.ct, b.step, chroma, true);
        kernel.plane(s.alphaHalf(), cw, ch, into.c, 0, bw / 2, bh / 2, b.cl, b.ct, b.step, chroma, true);
    }

    /** {@code plane[base + (oy + j) * stride + ox + i]} ← itself under {@code fg} by {@code alpha}, along {@code runs}. */
    private void blend(byte[] frame, int base, int stride, int ox, int oy, int bw, byte[] fg, byte[] alpha, Runs runs) {
        for (int j = 0, rows = runs.rows(); j < rows; j++) {
            int o = base + (oy + j) * stride + ox;
            for (int k = 0, n = runs.count(j); k < n; k++) {
                kernel.composite(frame, o, fg, alpha, j * bw, runs.from(j, k), runs.to(j, k));
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
}
