package io.i2v.worker.render;

/**
 * Bilinear resampling of one plane: output (i, j) ← source at (x0 + i*step, y0 + j*step),
 * positions in 1/256 px. Separable: each output row first blends the two source rows it falls
 * between (only the columns it uses), then reads that blended row horizontally. This class does
 * it one sample at a time; {@link VectorKernel} does the same arithmetic eight lanes at a time,
 * to the same bytes. One instance per drawing thread (it keeps its scratch rows).
 */
class PlaneKernel {
    static final int ONE = 256;
    private static final double FINE = 1 << 24;
    private static final long HALF = 1 << 15;
    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    /** Per output column: source index (relative to the first column used) and fraction. */
    int[] xi = new int[0];

    int[] xf = new int[0];
    /** The blended source row, in 1/256 levels. */
    int[] row = new int[0];

    /**
     * The SIMD kernel where the JVM was started with {@code --add-modules jdk.incubator.vector}
     * (the launcher and the container do) and the CPU has 256-bit vectors; else this one.
     */
    static PlaneKernel fastest() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent()) {
            try {
                if (VectorKernel.supported()) {
                    return new VectorKernel();
                }
            } catch (LinkageError e) {
                // the module is there but not usable from here: draw one sample at a time
            }
        }
        return new PlaneKernel();
    }

    String name() {
        return "scalar";
    }

    /** Runs on small planes until the JIT has compiled this kernel: about 0.3 s the first time in a JVM. */
    void warmUp() {
        byte[] src = new byte[96 * 64];
        byte[] out = new byte[80 * 48];
        for (int n = 0; n < 1000; n++) {
            // steps about one pixel, as a camera move samples (and past 1.28, and clamped at the edges: every path
            // of the SIMD kernel)
            plane(src, 96, 64, out, 0, 80, 48, 1.3 + n * 0.001, 2.1, 0.9 + n * 0.0004);
        }
    }

    final void plane(
            byte[] src, int sw, int sh, byte[] out, int base, int ow, int oh, double x0, double y0, double step) {
        plane(src, sw, sh, out, base, ow, oh, x0, y0, step, null, true);
    }

    /**
     * As above, but per output row {@code j} only the columns of {@code keep}'s runs in row
     * {@code j} when {@code inside}, or all but those when not (a layer drawn only where it shows;
     * a background not drawn where an opaque layer will cover it). Null means every column. Only
     * the source columns a drawn run reads are blended, so a run costs what it covers.
     */
    final void plane(
            byte[] src,
            int sw,
            int sh,
            byte[] out,
            int base,
            int ow,
            int oh,
            double x0,
            double y0,
            double step,
            Runs keep,
            boolean inside) {
        plane(src, sw, sh, out, base, ow, oh, x0, y0, step, step, keep, inside, 0, oh);
    }

    /**
     * As above with rows {@code ystep} source pixels apart (columns {@code step} apart: a band of a
     * warped frame), drawing only output rows {@code firstRow} to {@code endRow} (exclusive) of the
     * {@code oh}: the others are left as they are (rows a letterbox bar will cover). A drawn row is
     * the same bytes as when every row is drawn.
     */
    final void plane(
            byte[] src,
            int sw,
            int sh,
            byte[] out,
            int base,
            int ow,
            int oh,
            double x0,
            double y0,
            double step,
            double ystep,
            Runs keep,
            boolean inside,
            int firstRow,
            int endRow) {
        if (xi.length < ow) {
            xi = new int[ow];
            xf = new int[ow];
            columnsResized(ow);
        }
        // positions in 1/2^24 px, added up exactly in integers (a warped frame does this for every row), then
        // rounded to the kernel's 1/256 px
        long at = Math.round(x0 * FINE) + HALF;
        long by = Math.round(step * FINE);
        long last = (long) (sw - 1) * ONE;
        for (int i = 0; i < ow; i++) {
            long p = Math.max(0, Math.min(last, at >> 16));
            xi[i] = (int) (p >> 8);
            xf[i] = (int) (p & 0xff);
            at += by;
        }
        int from = xi[0];
        int to = Math.min(sw - 1, xi[ow - 1] + 1);
        int span = to - from + 1;
        if (row.length < span + 1) {
            row = new int[span + 1];
        }
        for (int i = 0; i < ow; i++) {
            xi[i] -= from;
        }
        columnsSet(ow);
        for (int j = Math.max(0, firstRow), end = Math.min(oh, endRow); j < end; j++) {
            long q = Math.round((y0 + j * ystep) * ONE);
            q = Math.max(0, Math.min((long) (sh - 1) * ONE, q));
            int yi = (int) (q >> 8);
            int fy = (int) (q & 0xff);
            int r0 = yi * sw + from;
            int r1 = (yi + 1 < sh ? r0 + sw : r0);
            int o = base + j * ow;
            int n = segments(keep, inside, j, ow);
            for (int k = 0; k < n; k += 2) {
                // the two source rows blended only where this run reads them, then resampled across
                int i0 = seg[k];
                int i1 = seg[k + 1];
                int k1 = Math.min(span, xi[i1 - 1] + 2);
                blendRows(src, r0, r1, ONE - fy, fy, xi[i0], k1);
                if (k1 == span) {
                    row[span] = row[span - 1];
                }
                blendColumns(out, o, i0, i1);
            }
        }
    }

    /** One row's output column runs to draw, as pairs (see {@link #segments}). */
    private int[] seg = new int[16];

    /** Writes row {@code j}'s runs to draw into {@link #seg}, as pairs; returns how many entries. */
    private int segments(Runs keep, boolean inside, int j, int ow) {
        int n = 0;
        int runs = keep == null ? 0 : keep.count(j);
        if (seg.length < 2 * runs + 2) {
            seg = new int[2 * runs + 2];
        }
        if (keep == null) {
            seg[n++] = 0;
            seg[n++] = ow;
        } else if (inside) {
            for (int k = 0; k < runs; k++) {
                int f = Math.max(0, keep.from(j, k));
                int t = Math.min(ow, keep.to(j, k));
                if (t > f) {
                    seg[n++] = f;
                    seg[n++] = t;
                }
            }
        } else {
            int at = 0;
            for (int k = 0; k <= runs; k++) {
                int t = k < runs ? Math.min(ow, keep.from(j, k)) : ow;
                if (t > at) {
                    seg[n++] = at;
                    seg[n++] = t;
                }
                if (k < runs) {
                    at = Math.max(at, keep.to(j, k));
                }
            }
        }
        return n;
    }

    /** The column arrays were reallocated for {@code ow} outputs. */
    void columnsResized(int ow) {}

    /** {@link #xi} and {@link #xf} hold this plane's columns. */
    void columnsSet(int ow) {}

    /** {@code row[k] ← src[r0 + k]·gy + src[r1 + k]·fy} for k in [k0, span). */
    void blendRows(byte[] src, int r0, int r1, int gy, int fy, int k0, int span) {
        int[] r = row;
        for (int k = k0; k < span; k++) {
            r[k] = (src[r0 + k] & 0xff) * gy + (src[r1 + k] & 0xff) * fy;
        }
    }

    /**
     * {@code frame[o + i]} ← itself under {@code fg[f + i]} by {@code alpha[f + i]}, for i in
     * [i0, i1): a layer composited over what is drawn. Rounded so that alpha 255 gives
     * {@code fg} and alpha 0 leaves the frame as it was, exactly.
     */
    void composite(byte[] frame, int o, byte[] fg, byte[] alpha, int f, int i0, int i1) {
        for (int i = i0; i < i1; i++) {
            int b = frame[o + i] & 0xff;
            frame[o + i] = (byte) (b + (((fg[f + i] & 0xff) - b) * (alpha[f + i] & 0xff) * 257 + 32768 >> 16));
        }
    }

    /** {@code out[o + i] ← row at column i}, rounded, for i in [i0, ow). */
    void blendColumns(byte[] out, int o, int i0, int ow) {
        int[] r = row;
        for (int i = i0; i < ow; i++) {
            int a = xi[i];
            int fx = xf[i];
            out[o + i] = (byte) ((r[a] * (ONE - fx) + r[a + 1] * fx + (1 << 15)) >> 16);
        }
    }
}
