package io.i2v.worker.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PlaneKernelTest {

    @Test
    void theTestJvmDrawsWithSimd() {
        // surefire starts the JVM with --add-modules jdk.incubator.vector, as the launcher and container do
        assertInstanceOf(VectorKernel.class, PlaneKernel.fastest(), "this machine has AVX2; the SIMD kernel is used");
    }

    @Test
    void aWarpWhoseRowsAllLookOneWayDrawsExactlyTheFlatFrame() {
        StillPlanes planes = FrameSynthesizer.prepare(Scenes.landscape(800, 450, 0.4), 640, 360, 1.2, false);
        FrameSynthesizer synth = new FrameSynthesizer(planes, 640, 360, 1.2);
        double[] view = synth.view(new CameraPath.Pose(1.1, 0.47, 0.52));
        byte[] flat = synth.newFrame();
        byte[] warped = synth.newFrame();
        synth.render(view, flat);
        synth.render(y -> view, warped);
        assertArrayEquals(flat, warped, "one band per frame, the same sampling positions");
    }

    @Test
    void aLetterboxedSynthesizerDrawsTheRowsBetweenItsBarsAsAWholeFrameAndLeavesTheBarsAlone() {
        StillPlanes planes = FrameSynthesizer.prepare(Scenes.landscape(800, 450, 0.4), 640, 360, 1.2, false);
        FrameSynthesizer whole = new FrameSynthesizer(planes, 640, 360, 1.2);
        FrameSynthesizer barred = new FrameSynthesizer(planes, 640, 360, 1.2, 46);
        double[] view = whole.view(new CameraPath.Pose(1.1, 0.47, 0.52));
        for (boolean warped : new boolean[] {false, true}) {
            byte[] all = whole.newFrame();
            byte[] some = barred.newFrame();
            Arrays.fill(some, (byte) 7);
            if (warped) {
                whole.render(y -> view, all);
                barred.render(y -> view, some);
            } else {
                whole.render(view, all);
                barred.render(view, some);
            }
            int[][] planesAt = {{0, 640, 360, 46}, {640 * 360, 320, 180, 23}, {640 * 360 + 320 * 180, 320, 180, 23}};
            for (int[] p : planesAt) {
                for (int j = 0; j < p[2]; j++) {
                    int from = p[0] + j * p[1];
                    byte[] expected = j < p[3] || j >= p[2] - p[3]
                            ? filled(p[1], (byte) 7)
                            : Arrays.copyOfRange(all, from, from + p[1]);
                    assertArrayEquals(
                            expected, Arrays.copyOfRange(some, from, from + p[1]), "row " + j + " warped " + warped);
                }
            }
        }
    }

    private static byte[] filled(int n, byte value) {
        byte[] b = new byte[n];
        Arrays.fill(b, value);
        return b;
    }

    @Test
    void aWarpBandsRowsOnlyWhereTheirSamplingAgreesToAFractionOfAPixel() {
        StillPlanes planes = FrameSynthesizer.prepare(Scenes.landscape(800, 450, 0.4), 640, 360, 1.2, false);
        FrameSynthesizer synth = new FrameSynthesizer(planes, 640, 360, 1.2);
        byte[] banded = synth.newFrame();
        // each row zooms a little more than the one above it: drawn row by row it is the reference
        FrameSynthesizer.RowViews views = y -> synth.view(new CameraPath.Pose(1 + 0.15 * y / 360, 0.5, 0.5));
        synth.render(views, banded);
        byte[] exact = synth.newFrame();
        byte[] row = synth.newFrame();
        for (int j = 0; j < 360; j++) {
            double[] only = views.at(j + 0.5);
            synth.render(only, row);
            System.arraycopy(row, j * 640, exact, j * 640, 640);
        }
        int worst = 0;
        for (int i = 0; i < 640 * 360; i++) {
            worst = Math.max(worst, Math.abs((banded[i] & 0xff) - (exact[i] & 0xff)));
        }
        assertTrue(worst <= 2, "banding changes a luma sample by at most 2 levels: " + worst);
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
            // a camera move's steps (about one source pixel per output pixel, where the SIMD kernel picks
            // its taps without gathers, up to where it no longer can), then any
            double[] moves = {1.0, 0.9997, 1.0041, 1.1428, 1.15, 1.2857, 1.29, 0.72, 0.7, 0.85};
            for (int trial = 0; trial < moves.length + 20; trial++) {
                double step = trial < moves.length ? moves[trial] : 0.3 + rnd.nextDouble() * 1.5;
                double x0 = rnd.nextDouble() * s[0] * 0.3 - 5;
                double y0 = rnd.nextDouble() * s[1] * 0.3 - 5;
                byte[] a = new byte[s[2] * s[3] + 7];
                byte[] b = new byte[a.length];
                scalar.plane(src, s[0], s[1], a, 7, s[2], s[3], x0, y0, step);
                simd.plane(src, s[0], s[1], b, 7, s[2], s[3], x0, y0, step);
                assertArrayEquals(a, b, "size " + Arrays.toString(s) + " step " + step + " at " + x0 + "," + y0);
            }
        }
    }

    @Test
    void drawingAlongRunsDrawsExactlyTheirColumnsAsTheWholePlaneWould() {
        SplittableRandom rnd = new SplittableRandom(9);
        int sw = 700, sh = 400, ow = 513, oh = 301;
        byte[] src = new byte[sw * sh];
        rnd.nextBytes(src);
        Runs runs = new Runs().reset();
        for (int j = 0; j < oh; j++) {
            int at = rnd.nextInt(40);
            while (at < ow) {
                int to = Math.min(ow, at + 1 + rnd.nextInt(90));
                runs.add(at, to);
                at = to + 1 + rnd.nextInt(60);
            }
            runs.endRow();
        }
        for (PlaneKernel k : new PlaneKernel[] {new PlaneKernel(), PlaneKernel.fastest()}) {
            byte[] whole = new byte[ow * oh];
            k.plane(src, sw, sh, whole, 0, ow, oh, 3.7, 11.2, 1.19);
            byte[] inside = new byte[ow * oh];
            byte[] outside = new byte[ow * oh];
            Arrays.fill(inside, (byte) 1);
            Arrays.fill(outside, (byte) 1);
            k.plane(src, sw, sh, inside, 0, ow, oh, 3.7, 11.2, 1.19, runs, true);
            k.plane(src, sw, sh, outside, 0, ow, oh, 3.7, 11.2, 1.19, runs, false);
            for (int j = 0; j < oh; j++) {
                for (int i = 0; i < ow; i++) {
                    boolean in = false;
                    for (int r = 0; r < runs.count(j); r++) {
                        in |= i >= runs.from(j, r) && i < runs.to(j, r);
                    }
                    int p = j * ow + i;
                    assertEquals(in ? whole[p] : 1, inside[p], k.name() + " inside at " + i + "," + j);
                    assertEquals(in ? 1 : whole[p], outside[p], k.name() + " outside at " + i + "," + j);
                }
            }
        }
    }

    @Test
    void simdAndScalarCompositesAreTheSameAndExactAtTheEnds() {
        SplittableRandom rnd = new SplittableRandom(3);
        int n = 1237;
        byte[] fg = new byte[n];
        byte[] alpha = new byte[n];
        byte[] frame = new byte[n];
        rnd.nextBytes(fg);
        rnd.nextBytes(alpha);
        rnd.nextBytes(frame);
        alpha[10] = 0;
        alpha[11] = (byte) 255;
        byte[] a = frame.clone();
        byte[] b = frame.clone();
        new PlaneKernel().composite(a, 0, fg, alpha, 0, 3, n - 5);
        PlaneKernel.fastest().composite(b, 0, fg, alpha, 0, 3, n - 5);
        assertArrayEquals(a, b);
        assertEquals(frame[10], a[10], "alpha 0 leaves the frame");
        assertEquals(fg[11], a[11], "alpha 255 is the layer");
        assertEquals(frame[n - 2], a[n - 2], "outside the run nothing changes");
    }
}
