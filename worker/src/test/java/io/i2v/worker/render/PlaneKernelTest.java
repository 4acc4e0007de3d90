package io.i2v.worker.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PlaneKernelTest {

    @Test
    void theTestJvmDrawsWithSimd() {
        // surefire starts the JVM with --add-modules jdk.incubator.vector, as the launcher and container do
        assertInstanceOf(VectorKernel.class, PlaneKernel.fastest(), "this machine has AVX2; the SIMD kernel is used");
    }

    @Test
    void simdAndScalarKernelsDrawTheSameBytes() {
        SplittableRandom rnd = new SplittableRandom(5);
        PlaneKernel scalar = new PlaneKernel();
        PlaneKernel simd = PlaneKernel.fastest();
        // odd sizes so that rows end off the vector lanes; positions that run past the edges too
        int[][] sizes = {{1001, 563, 960, 540}, {2208, 1243, 1920, 1080}, {333, 211, 270, 150}, {64, 40, 37, 21}};
        for (int[] s : sizes) {
            byte[] src = new byte[s[0] * s[1]];
            rnd.nextBytes(src);
            for (int trial = 0; trial < 20; trial++) {
                double step = 0.3 + rnd.nextDouble() * 1.5;
                double x0 = rnd.nextDouble() * s[0] * 0.3 - 5;
                double y0 = rnd.nextDouble() * s[1] * 0.3 - 5;
                byte[] a = new byte[s[2] * s[3] + 7];
                byte[] b = new byte[a.length];
                scalar.plane(src, s[0], s[1], a, 7, s[2], s[3], x0, y0, step);
                simd.plane(src, s[0], s[1], b, 7, s[2], s[3], x0, y0, step);
                assertArrayEquals(a, b, "size " + java.util.Arrays.toString(s) + " step " + step + " at " + x0 + ","
                        + y0);
            }
        }
    }
}
