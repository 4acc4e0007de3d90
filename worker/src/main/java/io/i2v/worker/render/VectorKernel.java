package io.i2v.worker.render;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PlaneKernel} eight samples at a time with the Vector API (AVX2 and up): row blends as
 * widening loads and multiply-adds, layer composites as widening multiply-adds, and column blends
 * as multiply-adds of taps picked without gathers where they can be: a camera move samples the
 * working copy about one pixel apart, so eight neighbouring outputs read source columns
 * {@code i + d} whose shift {@code d} takes at most three neighbouring values (always, for steps
 * between 0.72 and 1.28 px), and their taps are blends of four plain loads: the column pass takes
 * half the time of two gathers on this project's machines. Blocks that spread further (a clamped
 * edge, a steeper zoom) are gathered. The arithmetic is
 * the scalar kernel's, so the bytes are the same; the ragged ends of rows go to the scalar code.
 */
final class VectorKernel extends PlaneKernel {
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_256;
    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_64;
    private static final int LANES = 8;

    /** {@code xi + 1}, and {@code 256 - xf}: the second tap and the first tap's weight. */
    private int[] xi1 = new int[0];

    private int[] xg = new int[0];

    /**
     * Per block of eight output columns from column 0: the least {@code xi[i] - i} in it, or
     * {@link #GATHER} when its shifts spread over more than three values.
     */
    private int[] blockShift = new int[0];

    /** Per output column: {@code xi[i] - i} minus its block's shift, 0 to 2. */
    private int[] laneShift = new int[0];

    private static final int GATHER = Integer.MIN_VALUE;

    /** Whether the CPU runs 256-bit integer vectors natively (else the API would emulate them, slowly). */
    static boolean supported() {
        return IntVector.SPECIES_PREFERRED.vectorBitSize() >= INTS.vectorBitSize();
    }

    @Override
    String name() {
        return "SIMD (Vector API, " + INTS.vectorBitSize() + "-bit)";
    }

    @Override
    void columnsResized(int ow) {
        xi1 = new int[ow];
        xg = new int[ow];
        blockShift = new int[ow / LANES];
        laneShift = new int[ow];
    }

    @Override
    void columnsSet(int ow) {
        for (int i = 0; i < ow; i++) {
            xi1[i] = xi[i] + 1;
            xg[i] = ONE - xf[i];
        }
        for (int b = 0; b < ow / LANES; b++) {
            int i = b * LANES;
            int least = Integer.MAX_VALUE;
            int most = Integer.MIN_VALUE;
            for (int l = i; l < i + LANES; l++) {
                least = Math.min(least, xi[l] - l);
                most = Math.max(most, xi[l] - l);
            }
            blockShift[b] = most - least <= 2 && i + least >= 0 ? least : GATHER;
            for (int l = i; l < i + LANES; l++) {
                laneShift[l] = xi[l] - l - least;
            }
        }
    }

    @Override
    void blendRows(byte[] src, int r0, int r1, int gy, int fy, int k0, int span) {
        int[] r = row;
        int end = Math.min(span, src.length - Math.max(r0, r1)) - LANES;
        int k = k0;
        for (; k <= end; k += LANES) {
            IntVector a = widen(src, r0 + k);
            IntVector b = widen(src, r1 + k);
            a.mul(gy).add(b.mul(fy)).intoArray(r, k);
        }
        super.blendRows(src, r0, r1, gy, fy, k, span);
    }

    @Override
    void blendColumns(byte[] out, int o, int i0, int ow) {
        // the blocks start at column 0: a run that starts inside one does its first columns one at a time
        int i = Math.min(ow, (i0 + LANES - 1) / LANES * LANES);
        if (i > i0) {
            super.blendColumns(out, o, i0, i);
        }
        int[] r = row;
        for (; i <= ow - LANES; i += LANES) {
            int at = i + blockShift[i / LANES];
            if (blockShift[i / LANES] != GATHER && at + 3 + LANES <= r.length) {
                shifted(r, at, out, o, i);
            } else {
                gathered(r, out, o, i);
            }
        }
        super.blendColumns(out, o, i, ow);
    }

    /** Columns i..i+7, whose left taps are {@code at + laneShift}: picked from four loads by two masks. */
    private void shifted(int[] r, int at, byte[] out, int o, int i) {
        IntVector shift = IntVector.fromArray(INTS, laneShift, i);
        VectorMask<Integer> one = shift.compare(VectorOperators.GT, 0);
        VectorMask<Integer> two = shift.compare(VectorOperators.GT, 1);
        IntVector s0 = IntVector.fromArray(INTS, r, at);
        IntVector s1 = IntVector.fromArray(INTS, r, at + 1);
        IntVector s2 = IntVector.fromArray(INTS, r, at + 2);
        IntVector s3 = IntVector.fromArray(INTS, r, at + 3);
        blend(s0.blend(s1, one).blend(s2, two), s1.blend(s2, one).blend(s3, two), out, o, i);
    }

    private void gathered(int[] r, byte[] out, int o, int i) {
        blend(IntVector.fromArray(INTS, r, 0, xi, i), IntVector.fromArray(INTS, r, 0, xi1, i), out, o, i);
    }

    private void blend(IntVector left, IntVector right, byte[] out, int o, int i) {
        IntVector v = left.mul(IntVector.fromArray(INTS, xg, i))
                .add(right.mul(IntVector.fromArray(INTS, xf, i)))
                .add(1 << 15)
                .lanewise(VectorOperators.ASHR, 16);
        v.convertShape(VectorOperators.I2B, BYTES, 0).reinterpretAsBytes().intoArray(out, o + i);
    }

    @Override
    void composite(byte[] frame, int o, byte[] fg, byte[] alpha, int f, int i0, int i1) {
        int i = i0;
        for (; i <= i1 - LANES; i += LANES) {
            IntVector b = widen(frame, o + i);
            IntVector v = widen(fg, f + i)
                    .sub(b)
                    .mul(widen(alpha, f + i).mul(257))
                    .add(32768)
                    .lanewise(VectorOperators.ASHR, 16)
                    .add(b);
            v.convertShape(VectorOperators.I2B, BYTES, 0).reinterpretAsBytes().intoArray(frame, o + i);
        }
        super.composite(frame, o, fg, alpha, f, i, i1);
    }

    private static IntVector widen(byte[] src, int at) {
        return ((IntVector) ByteVector.fromArray(BYTES, src, at).convertShape(VectorOperators.B2I, INTS, 0)).and(0xff);
    }
}
