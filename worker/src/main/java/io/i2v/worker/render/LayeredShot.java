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
    /**
     * Whether the background is left undrawn under the subject's opaque core and the subject drawn
     * only where its matte reaches (tests turn it off to compare with drawing everything).
     */
    boolean skipHidden = true;
    private final Scratch sharp = new Scratch();
    private final Scratch defocused = new Scratch();

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
        Box b = box(pose, view);
        boolean skip = blur == 0 && skipHidden;
        if (b != null) {
            spans(b, skip);
        }
        if (b != null && skip) {
            background.render(view, yuv, skipFrom, skipTo, skipChromaFrom, skipChromaTo);
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
        blend(yuv, 0, width, b.x0, b.y0, bw, bh, sharp.y, sharp.a, drawFrom, drawTo);
        int cwOut = width / 2;
        int chOut = height / 2;
        int u = width * height;
        blend(yuv, u, cwOut, b.x0 / 2, b.y0 / 2, bw / 2, bh / 2, sharp.u, sharp.c, drawChromaFrom, drawChromaTo);
        blend(yuv, u + cwOut * chOut, cwOut, b.x0 / 2, b.y0 / 2, bw / 2, bh / 2, sharp.v, sharp.c, drawChromaFrom,
                drawChromaTo);
    }

    /** Per-row spans for this frame: where the subject is drawn (box columns) and where the background is skipped (frame columns). */
    private int[] drawFrom = new int[0], drawTo = new int[0], drawChromaFrom = new int[0], drawChromaTo = new int[0];
    private int[] skipFrom, skipTo, skipChromaFrom, skipChromaTo;

    private void spans(Box b, boolean skipBackground) {
        int bw = b.x1 - b.x0;
        int bh = b.y1 - b.y0;
        if (drawFrom.length < bh) {
            drawFrom = new int[bh];
            drawTo = new int[bh];
            drawChromaFrom = new int[bh / 2 + 1];
            drawChromaTo = new int[bh / 2 + 1];
        }
        if (skipFrom == null) {
            skipFrom = new int[height];
            skipTo = new int[height];
            skipChromaFrom = new int[height / 2];
            skipChromaTo = new int[height / 2];
        }
        java.util.Arrays.fill(skipFrom, 0);
        java.util.Arrays.fill(skipTo, 0);
        java.util.Arrays.fill(skipChromaFrom, 0);
        java.util.Arrays.fill(skipChromaTo, 0);
        LayerStack.Spans sp = layers.subject().spans();
        int ch = sp.anyFrom().length;
        for (int j = 0; j < bh; j++) {
            double cy = b.sy + j * b.step;
            int r0 = Math.max(0, Math.min(ch - 1, (int) Math.floor(cy)));
            int r1 = Math.min(ch - 1, r0 + 1);
            int anyFrom = Math.min(sp.anyFrom()[r0], sp.anyFrom()[r1]);
            int anyTo = Math.max(sp.anyTo()[r0], sp.anyTo()[r1]);
            if (!skipBackground) {
                // the defocused twin spreads past the sharp matte: draw the whole box
                drawFrom[j] = 0;
                drawTo[j] = bw;
            } else if (anyFrom >= anyTo) {
                drawFrom[j] = 0;
                drawTo[j] = 0;
            } else {
                drawFrom[j] = clamp((int) Math.floor((anyFrom - 1 - b.sx) / b.step) - 1, bw);
                drawTo[j] = clamp((int) Math.ceil((anyTo + 1 - b.sx) / b.step) + 2, bw);
            }
            if (skipBackground) {
                hidden(sp, cy, b.sx, b.step, bw, b.x0, b.y0 + j, height, skipFrom, skipTo);
            }
        }
        for (int jc = 0; jc < bh / 2; jc++) {
            drawChromaFrom[jc] = Math.max(0, Math.min(drawFrom[2 * jc], drawFrom[2 * jc + 1]) / 2 - 1);
            drawChromaTo[jc] = Math.min(bw / 2, (Math.max(drawTo[2 * jc], drawTo[2 * jc + 1]) + 1) / 2 + 1);
            if (skipBackground) {
                hidden(layers.subject().chromaSpans(), b.ct + jc * b.step, b.cl, b.step, bw / 2, b.x0 / 2, b.y0 / 2 + jc,
                        height / 2, skipChromaFrom, skipChromaTo);
            }
        }
    }

    /**
     * Where, in frame row {@code y}, the subject plane sampled at crop row {@code cy} (columns
     * {@code sx + i * step}) is surely opaque: both rows the bilinear sample blends, and both columns,
     * inside their solid runs, with a pixel to spare. Written as frame columns into {@code from}/{@code to}.
     */
    private static void hidden(LayerStack.Spans sp, double cy, double sx, double step, int bw, int x0, int y,
                               int rows, int[] from, int[] to) {
        int ch = sp.solidFrom().length;
        if (y >= rows || cy < 0 || cy > ch - 2) {
            return;
        }
        int r0 = (int) Math.floor(cy);
        int r1 = r0 + 1;
        int solidFrom = Math.max(sp.solidFrom()[r0], sp.solidFrom()[r1]);
        int solidTo = Math.min(sp.solidTo()[r0], sp.solidTo()[r1]);
        if (solidTo - solidFrom <= 4) {
            return;
        }
        int f = (int) Math.ceil((solidFrom + 1 - sx) / step) + 1;
        int t = (int) Math.floor((solidTo - 2 - sx) / step) - 1;
        if (t > f) {
            from[y] = clamp(f, bw) + x0;
            to[y] = clamp(t, bw) + x0;
        }
    }

    private static int clamp(int v, int hi) {
        return Math.max(0, Math.min(hi, v));
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
        sharp.ensure(bw, bh);
        StillPlanes p = layers.subject().planes();
        kernel.plane(layers.subject().alpha(), p.width(), p.height(), sharp.a, 0, bw, bh, b.sx, b.sy, b.step);
        for (int j = 0; j < bh; j++) {
            System.arraycopy(sharp.a, j * bw, mask, (b.y0 + j) * width + b.x0, bw);
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

    /** The layer into the box's scratch planes; {@code spans}: only where its matte reaches (the blurred twin spreads wider). */
    private void draw(LayerStack.SubjectLayer s, Box b, Scratch into, boolean spans) {
        StillPlanes p = s.planes();
        int bw = b.x1 - b.x0;
        int bh = b.y1 - b.y0;
        int[] f = spans ? drawFrom : null;
        int[] t = spans ? drawTo : null;
        int[] cf = spans ? drawChromaFrom : null;
        int[] ct = spans ? drawChromaTo : null;
        int cw = p.chromaWidth();
        int ch = p.chromaHeight();
        kernel.plane(p.y(), p.width(), p.height(), into.y, 0, bw, bh, b.sx, b.sy, b.step, f, t, true);
        kernel.plane(s.alpha(), p.width(), p.height(), into.a, 0, bw, bh, b.sx, b.sy, b.step, f, t, true);
        kernel.plane(p.u(), cw, ch, into.u, 0, bw / 2, bh / 2, b.cl, b.ct, b.step, cf, ct, true);
        kernel.plane(p.v(), cw, ch, into.v, 0, bw / 2, bh / 2, b.cl, b.ct, b.step, cf, ct, true);
        kernel.plane(s.alphaHalf(), cw, ch, into.c, 0, bw / 2, bh / 2, b.cl, b.ct, b.step, cf, ct, true);
    }

    /** {@code plane[base + (oy + j) * stride + ox + i]} ← itself over {@code fg} by {@code alpha}, for the box. */
    private static void blend(byte[] frame, int base, int stride, int ox, int oy, int bw, int bh, byte[] fg,
                              byte[] alpha, int[] from, int[] to) {
        for (int j = 0; j < bh; j++) {
            int o = base + (oy + j) * stride + ox;
            int f = j * bw;
            for (int i = from[j]; i < to[j]; i++) {
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
}
