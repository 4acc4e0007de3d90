package io.i2v.worker.render;

import java.awt.image.BufferedImage;

/**
 * Draws frames of a camera move over a still. The source is resampled once, with a
 * high-quality filter, to a working copy just large enough for the closest zoom, and converted
 * once to Y'CbCr planes; each frame is then a sub-pixel-exact bilinear resample of those planes
 * (positions in 1/256 px, never an integer crop window) straight into the encoder's 4:2:0 layout.
 */
public final class FrameSynthesizer {
    private final StillPlanes working;
    private final int width;
    private final int height;
    private final double coverW;
    private final double coverH;
    private final PlaneKernel kernel;

    /** Rows at the top and at the bottom of every frame that letterbox bars cover: not drawn. */
    private final int bar;

    /** {@code working}: the still already scaled to cover {@code width x height} times {@code maxZoom}. */
    public FrameSynthesizer(StillPlanes working, int width, int height, double maxZoom) {
        this(working, width, height, maxZoom, 0);
    }

    /**
     * As above, leaving out the {@code bar} rows (even) at the top and at the bottom of each frame
     * that letterbox bars will cover: those rows of a frame buffer are left as they were.
     */
    public FrameSynthesizer(StillPlanes working, int width, int height, double maxZoom, int bar) {
        this.bar = bar;
        this.working = working;
        this.width = width;
        this.height = height;
        // the frame at zoom 1 shows coverW x coverH working pixels
        this.coverW = width * maxZoom;
        this.coverH = height * maxZoom;
        this.kernel = PlaneKernel.fastest();
        this.lumaRows = new double[height + 1][3];
        this.chromaRows = new double[height / 2 + 1][3];
    }

    /**
     * The working copy as planes: the source cover-fitted to the frame, enlarged for the closest
     * zoom, with the cinematic grade when asked.
     */
    public static StillPlanes prepare(BufferedImage source, int width, int height, double maxZoom, boolean grade) {
        return planes(workingCopy(source, width, height, maxZoom), grade);
    }

    /** {@code copy} as planes, graded when asked (on a copy of it: {@code copy} itself is left as it is). */
    static StillPlanes planes(BufferedImage copy, boolean grade) {
        return StillPlanes.of(grade ? Canvas.grade(deepCopy(copy)) : copy);
    }

    /** The source cover-fitted to the frame and enlarged for {@code maxZoom}, as RGB (may be the source itself). */
    public static BufferedImage workingCopy(BufferedImage source, int width, int height, double maxZoom) {
        double cover = Math.max((double) width / source.getWidth(), (double) height / source.getHeight());
        int ww = Math.max(width, (int) Math.ceil(source.getWidth() * cover * maxZoom));
        int wh = Math.max(height, (int) Math.ceil(source.getHeight() * cover * maxZoom));
        return Resample.to(source, ww, wh);
    }

    static BufferedImage deepCopy(BufferedImage b) {
        BufferedImage c = new BufferedImage(b.getWidth(), b.getHeight(), BufferedImage.TYPE_INT_RGB);
        c.getGraphics().drawImage(b, 0, 0, null);
        return c;
    }

    /** How the frames are drawn: one sample at a time, or SIMD. */
    public String kernel() {
        return kernel.name();
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
        render(view(pose), yuv);
    }

    /**
     * Where a pose looks in the working copy: {left, top, step} in working pixels, step being
     * working pixels per output pixel. Layers drawn over this one derive their own view from it.
     */
    double[] view(CameraPath.Pose pose) {
        double viewW = coverW / pose.zoom();
        double viewH = coverH / pose.zoom();
        double cx = clamp(pose.x() * working.width(), viewW / 2, working.width() - viewW / 2);
        double cy = clamp(pose.y() * working.height(), viewH / 2, working.height() - viewH / 2);
        return new double[] {cx - viewW / 2, cy - viewH / 2, viewW / width};
    }

    /** Renders the {@link #view} {left, top, step} into {@code yuv}. */
    void render(double[] view, byte[] yuv) {
        render(view, yuv, null, null);
    }

    /**
     * As above, leaving out per row the runs of {@code skip} in luma and of {@code skipChroma} in
     * chroma (where an opaque layer will be drawn over them); null: none.
     */
    void render(double[] view, byte[] yuv, Runs skip, Runs skipChroma) {
        double left = view[0];
        double top = view[1];
        double step = view[2]; // working pixels per output pixel
        // output pixel centre (x + 0.5) lands at left + (x + 0.5) * step; sample centres sit at i + 0.5
        kernel.plane(
                working.y(),
                working.width(),
                working.height(),
                yuv,
                0,
                width,
                height,
                left - 0.5,
                top - 0.5,
                step,
                step,
                skip,
                false,
                bar,
                height - bar);
        int cw = width / 2;
        int ch = height / 2;
        // one chroma sample covers 2x2 output pixels: its centre is output (2i + 1), working (left + (2i+1)*step)
        double cl = (left + step) / 2 - 0.5;
        double ct = (top + step) / 2 - 0.5;
        for (int plane = 0; plane < 2; plane++) {
            kernel.plane(
                    plane == 0 ? working.u() : working.v(),
                    working.chromaWidth(),
                    working.chromaHeight(),
                    yuv,
                    width * height + plane * cw * ch,
                    cw,
                    ch,
                    cl,
                    ct,
                    step,
                    step,
                    skipChroma,
                    false,
                    bar / 2,
                    ch - bar / 2);
        }
    }

    /** Where one output row looks: {@link #view} {left, top, step} for the row whose centre is {@code y} output pixels down. */
    interface RowViews {
        double[] at(double y);
    }

    /**
     * Renders a frame whose rows each have their own view (a warp that is affine along every row:
     * a ground plane nearing the camera). Rows whose horizontal mapping differs by less than
     * {@value #BAND_TOLERANCE} px anywhere share one kernel call, their source rows spaced evenly
     * between the band's first row and the next band's.
     */
    void render(RowViews views, byte[] yuv) {
        int cw = width / 2;
        int ch = height / 2;
        double[][] rows = lumaRows;
        for (int j = 0; j <= height; j++) {
            double[] v = views.at(Math.min(j, height - 1) + 0.5);
            set(rows[j], v[0] - 0.5, v[1] - 0.5 + j * v[2], v[2]);
        }
        bands(rows, working.y(), working.width(), working.height(), yuv, 0, width, bar, height - bar);
        double[][] chroma = chromaRows;
        for (int i = 0; i <= ch; i++) {
            double[] v = views.at(2 * Math.min(i, ch - 1) + 1);
            set(chroma[i], (v[0] + v[2]) / 2 - 0.5, (v[1] + v[2]) / 2 - 0.5 + i * v[2], v[2]);
        }
        for (int plane = 0; plane < 2; plane++) {
            bands(
                    chroma,
                    plane == 0 ? working.u() : working.v(),
                    working.chromaWidth(),
                    working.chromaHeight(),
                    yuv,
                    width * height + plane * cw * ch,
                    cw,
                    bar / 2,
                    ch - bar / 2);
        }
    }

    /** Per output row (luma, chroma) of a warped frame: {x0, y, step}, one extra past the end; reused frame to frame. */
    private final double[][] lumaRows;

    private final double[][] chromaRows;

    private static void set(double[] row, double x0, double y, double step) {
        row[0] = x0;
        row[1] = y;
        row[2] = step;
    }

    /** How far down the working copy (0 top, 1 bottom) output row centre {@code y} of {@code view} looks. */
    double rowFraction(double[] view, double y) {
        return (view[1] + y * view[2]) / working.height();
    }

    /** Output pixels by which two rows' horizontal mappings may differ and still be drawn as one band. */
    static final double BAND_TOLERANCE = 1 / 8.0;

    /**
     * Output rows {@code from} to {@code to} (exclusive); {@code rows[j]} = {x0, y, step} of output
     * row j (one extra row past the end, for the last band's spacing).
     */
    private void bands(double[][] rows, byte[] src, int sw, int sh, byte[] yuv, int base, int ow, int from, int to) {
        int j = from;
        while (j < to) {
            double[] first = rows[j];
            int k = j + 1;
            while (k < to
                    && k - j < 64
                    && Math.abs(rows[k][0] - first[0]) + Math.abs(rows[k][2] - first[2]) * ow
                            < BAND_TOLERANCE * first[2]) {
                k++;
            }
            double ystep = (rows[k][1] - first[1]) / (k - j);
            kernel.plane(
                    src,
                    sw,
                    sh,
                    yuv,
                    base + j * ow,
                    ow,
                    k - j,
                    first[0],
                    first[1],
                    first[2],
                    ystep,
                    null,
                    false,
                    0,
                    k - j);
            j = k;
        }
    }

    private static double clamp(double v, double lo, double hi) {
        return lo > hi ? (lo + hi) / 2 : Math.max(lo, Math.min(hi, v));
    }
}
