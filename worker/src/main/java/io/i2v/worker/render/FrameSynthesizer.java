package io.i2v.worker.render;

import java.awt.image.BufferedImage;

/**
 * Draws frames of a camera move over a still. The source is resampled once, with a
 * high-quality filter, to a working copy just large enough for the closest zoom, and converted
 * once to Y'CbCr planes; each frame is then a sub-pixel-exact bilinear resample of those planes
 * (positions in 1/256 px, never an integer crop window) straight into the encoder's 4:2:0 layout.
 */
public final class FrameSynthesizer {
    private static final int ONE = 256;

    private final StillPlanes working;
    private final int width;
    private final int height;
    private final double coverW;
    private final double coverH;
    private final int[] xi;
    private final int[] xf;
    private final int[] cxi;
    private final int[] cxf;
    private int[] row = new int[0];

    /** {@code working}: the still already scaled to cover {@code width x height} times {@code maxZoom}. */
    public FrameSynthesizer(StillPlanes working, int width, int height, double maxZoom) {
        this.working = working;
        this.width = width;
        this.height = height;
        // the frame at zoom 1 shows coverW x coverH working pixels
        this.coverW = width * maxZoom;
        this.coverH = height * maxZoom;
        this.xi = new int[width];
        this.xf = new int[width];
        this.cxi = new int[width / 2];
        this.cxf = new int[width / 2];
    }

    /**
     * The working copy as planes: the source cover-fitted to the frame, enlarged for the closest
     * zoom, with the cinematic grade when asked.
     */
    public static StillPlanes prepare(BufferedImage source, int width, int height, double maxZoom, boolean grade) {
        return planes(workingCopy(source, width, height, maxZoom), source, grade);
    }

    /** {@code copy} as planes, graded when asked (never grading {@code source} itself in place). */
    static StillPlanes planes(BufferedImage copy, BufferedImage source, boolean grade) {
        return StillPlanes.of(grade ? Canvas.grade(copy == source ? deepCopy(copy) : copy) : copy);
    }

    /** The source cover-fitted to the frame and enlarged for {@code maxZoom}, as RGB (may be the source itself). */
    public static BufferedImage workingCopy(BufferedImage source, int width, int height, double maxZoom) {
        double cover = Math.max((double) width / source.getWidth(), (double) height / source.getHeight());
        int ww = Math.max(width, (int) Math.ceil(source.getWidth() * cover * maxZoom));
        int wh = Math.max(height, (int) Math.ceil(source.getHeight() * cover * maxZoom));
        return Resample.to(source, ww, wh);
    }

    private static BufferedImage deepCopy(BufferedImage b) {
        BufferedImage c = new BufferedImage(b.getWidth(), b.getHeight(), BufferedImage.TYPE_INT_RGB);
        c.getGraphics().drawImage(b, 0, 0, null);
        return c;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public byte[] newFrame() {
        return new byte[Yuv420.bufferSize(width, height)];
    }

    /** Renders {@code pose} into {@code yuv} (Y, U, V planes of the output size, tightly packed). */
    public void render(CameraPath.Pose pose, byte[] yuv) {
        double viewW = coverW / pose.zoom();
        double viewH = coverH / pose.zoom();
        double cx = clamp(pose.x() * working.width(), viewW / 2, working.width() - viewW / 2);
        double cy = clamp(pose.y() * working.height(), viewH / 2, working.height() - viewH / 2);
        double step = viewW / width; // working pixels per output pixel
        double left = cx - viewW / 2;
        double top = cy - viewH / 2;
        // output pixel centre (x + 0.5) lands at left + (x + 0.5) * step; sample centres sit at i + 0.5
        plane(working.y(), working.width(), working.height(), yuv, 0, width, height, left - 0.5, top - 0.5, step,
                xi, xf);
        int cw = width / 2;
        int ch = height / 2;
        // one chroma sample covers 2x2 output pixels: its centre is output (2i + 1), working (left + (2i+1)*step)
        double cl = (left + step) / 2 - 0.5;
        double ct = (top + step) / 2 - 0.5;
        plane(working.u(), working.chromaWidth(), working.chromaHeight(), yuv, width * height, cw, ch, cl, ct, step,
                cxi, cxf);
        plane(working.v(), working.chromaWidth(), working.chromaHeight(), yuv, width * height + cw * ch, cw, ch, cl,
                ct, step, cxi, cxf);
    }

    /**
     * Bilinear resample: output (i, j) ← source at (x0 + i*step, y0 + j*step), positions in 1/256 px.
     * Separable: each output row first blends the two source rows it falls between (only the
     * columns it uses), then reads that blended row horizontally.
     */
    private void plane(byte[] src, int sw, int sh, byte[] out, int base, int ow, int oh, double x0, double y0,
                       double step, int[] xi, int[] xf) {
        for (int i = 0; i < ow; i++) {
            long p = Math.round((x0 + i * step) * ONE);
            p = Math.max(0, Math.min((long) (sw - 1) * ONE, p));
            xi[i] = (int) (p >> 8);
            xf[i] = (int) (p & 0xff);
        }
        int from = xi[0];
        int to = Math.min(sw - 1, xi[ow - 1] + 1);
        int span = to - from + 1;
        if (row.length < span + 1) {
            row = new int[span + 1];
        }
        int[] r = row;
        for (int i = 0; i < ow; i++) {
            xi[i] -= from;
        }
        for (int j = 0; j < oh; j++) {
            long q = Math.round((y0 + j * step) * ONE);
            q = Math.max(0, Math.min((long) (sh - 1) * ONE, q));
            int yi = (int) (q >> 8);
            int fy = (int) (q & 0xff);
            int r0 = yi * sw + from;
            int r1 = (yi + 1 < sh ? r0 + sw : r0);
            int gy = ONE - fy;
            for (int k = 0; k < span; k++) {
                r[k] = (src[r0 + k] & 0xff) * gy + (src[r1 + k] & 0xff) * fy;
            }
            r[span] = r[span - 1];
            int o = base + j * ow;
            for (int i = 0; i < ow; i++) {
                int a = xi[i];
                int fx = xf[i];
                out[o + i] = (byte) ((r[a] * (ONE - fx) + r[a + 1] * fx + (1 << 15)) >> 16);
            }
        }
    }

    private static double clamp(double v, double lo, double hi) {
        return lo > hi ? (lo + hi) / 2 : Math.max(lo, Math.min(hi, v));
    }
}
