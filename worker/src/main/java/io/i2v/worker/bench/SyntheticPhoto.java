package io.i2v.worker.bench;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * A deterministic photo-like test image: a sky gradient, rolling hills, a few round objects
 * with hard edges, and value-noise texture at every scale from a quarter of the frame down
 * to two pixels — detail for SSIM to notice and for motion estimation to lock onto.
 */
public final class SyntheticPhoto {
    private SyntheticPhoto() {
    }

    public static BufferedImage make(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int octaves = 9;
        float[][] grids = new float[octaves][];
        int[] cells = new int[octaves];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int o = 0; o < octaves; o++) {
            int cell = Math.max(2, (w / 4) >> (o + (o > 3 ? 1 : 0)));
            cells[o] = cell;
            int gw = w / cell + 2;
            int gh = h / cell + 2;
            grids[o] = new float[gw * gh];
            for (int i = 0; i < grids[o].length; i++) {
                grids[o][i] = (float) (rnd.nextDouble() * 2 - 1);
            }
        }
        double[][] discs = new double[7][];
        for (int i = 0; i < discs.length; i++) {
            discs[i] = new double[] {rnd.nextDouble() * w, h * (0.45 + rnd.nextDouble() * 0.5),
                    h * (0.03 + rnd.nextDouble() * 0.08), rnd.nextInt(0xffffff)};
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double n = 0;
                double amp = 1;
                for (int o = 0; o < octaves; o++) {
                    n += amp * noise(grids[o], w / cells[o] + 2, cells[o], x, y);
                    amp *= 0.8;
                }
                double hill = h * (0.55 + 0.08 * Math.sin(x * 6.0 / w) + 0.04 * Math.sin(x * 17.0 / w + 1));
                double r, g, b;
                if (y < hill) {
                    double t = (double) y / hill;
                    r = 90 + 90 * t + 12 * n;
                    g = 140 + 70 * t + 12 * n;
                    b = 220 - 20 * t + 10 * n;
                } else {
                    double t = (y - hill) / (h - hill);
                    r = 70 + 60 * n - 20 * t;
                    g = 110 + 55 * n - 30 * t;
                    b = 40 + 30 * n;
                }
                for (double[] d : discs) {
                    double dx = x - d[0], dy = y - d[1];
                    if (dx * dx + dy * dy < d[2] * d[2]) {
                        int c = (int) d[3];
                        r = (c >> 16 & 0xff) * 0.8 + 25 * n;
                        g = (c >> 8 & 0xff) * 0.8 + 25 * n;
                        b = (c & 0xff) * 0.8 + 25 * n;
                    }
                }
                // sensor-like grain: every pixel differs a little, as in a real photo
                double grain = (((x * 73856093) ^ (y * 19349663)) & 0xff) / 255.0 * 14 - 7;
                r += grain;
                g += grain;
                b += grain;
                row[x] = clamp(r) << 16 | clamp(g) << 8 | clamp(b);
            }
            img.setRGB(0, y, w, 1, row, 0, w);
        }
        return img;
    }

    private static double noise(float[] grid, int gw, int cell, int x, int y) {
        int gx = x / cell;
        int gy = y / cell;
        double fx = (double) (x % cell) / cell;
        double fy = (double) (y % cell) / cell;
        fx = fx * fx * (3 - 2 * fx);
        fy = fy * fy * (3 - 2 * fy);
        int i = gy * gw + gx;
        double top = grid[i] + (grid[i + 1] - grid[i]) * fx;
        double bottom = grid[i + gw] + (grid[i + gw + 1] - grid[i + gw]) * fx;
        return top + (bottom - top) * fy;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, v));
    }
}
