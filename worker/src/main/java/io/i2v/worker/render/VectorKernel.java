package io.i2v.worker.render;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PlaneKernel} eight samples at a time with the Vector API (AVX2 and up): row blends as
 * widening loads and multiply-adds, column blends as two gathers, layer composites as widening
 * multiply-adds. The arithmetic is the scalar kernel's, so the bytes are the same; the ragged
 * ends of rows go to the scalar code.
 */
final class VectorKernel extends PlaneKernel {
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_256;
    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_64;
    private static final int LANES = 8;

    /** {@code xi + 1}, and {@code 256 - xf}: the second tap and the first tap's weight. */
    private int[] xi1 = new int[0];

    private int[] xg = new int[0];

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
    }

    @Override
    void columnsSet(int ow) {
        for (int i = 0; i < ow; i++) {
            xi1[i] = xi[i] + 1;
            xg[i] = ONE - xf[i];
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
        int[] r = row;
        int i = i0;
        for (; i <= ow - LANES; i += LANES) {
            IntVector left = IntVector.fromArray(INTS, r, 0, xi, i);
            IntVector right = IntVector.fromArray(INTS, r, 0, xi1, i);
            IntVector v = left.mul(IntVector.fromArray(INTS, xg, i))
                    .add(right.mul(IntVector.fromArray(INTS, xf, i)))
                    .add(1 << 15)
                    .lanewise(VectorOperators.ASHR, 16);
            v.convertShape(VectorOperators.I2B, BYTES, 0).reinterpretAsBytes().intoArray(out, o + i);
        }
        super.blendColumns(out, o, i, ow);
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
