package io.i2v.worker.bench;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * A deterministic photo-like test image: a sky gradient, rolling hills, a few round objects
 * with hard edges, and value-noise texture at every scale from a quarter of the frame down
 * to two pixels — detail for SSIM to notice and for motion estimation to lock onto.
 */
public final class SyntheticPhoto {
    private SyntheticPhoto() {}

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
            discs[i] = new double[] {
                rnd.nextDouble() * w,
                h * (0.45 + rnd.nextDouble() * 0.5),
                h * (0.03 + rnd.nextDouble() * 0.08),
                rnd.nextInt(0xffffff)
            };
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

    /**
     * A product-shot-like photo: {@link #make} shrunk and enlarged again (an out-of-focus
     * background, still textured), with a sharp, shaded, finely textured vase in front — the
     * subject the layered renderer should lift off its background. Its outline is a superellipse
     * body under a narrower neck, centred at ({@code cx}, 0.6) of the frame. {@code softness}: how
     * many times the background was shrunk (1 = as sharp as the subject, 10 = well out of focus).
     */
    public static BufferedImage withSubject(int w, int h, long seed, double cx, int softness) {
        BufferedImage back = make(Math.max(16, w / softness), Math.max(16, h / softness), seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = img.createGraphics();
        g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g2.drawImage(back, 0, 0, w, h, null);
        g2.dispose();
        double bx = cx * w;
        double by = 0.6 * h;
        double rx = 0.13 * w;
        double ry = 0.27 * h;
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                double cover = vase(x + 0.5, y + 0.5, bx, by, rx, ry, h);
                if (cover <= 0) {
                    continue;
                }
                // a crisp glaze pattern in every direction (so motion can be measured on it) and a little grain
                double f = 40.0 / h;
                double d = 14 * Math.sin(x * 2.3 * f) * Math.sin(y * 1.9 * f)
                        + 9 * Math.sin((x + 0.6 * y) * 5.1 * f)
                        + 6 * Math.sin((0.7 * x - y) * 9.7 * f)
                        + ((((x * 73856093) ^ (y * 19349663)) & 0xff) / 255.0 * 8 - 4);
                double shade = 0.55 + 0.45 * Math.max(0, 1 - Math.abs((x - bx + 0.3 * rx) / (1.3 * rx)));
                double r = (205 + d) * shade;
                double g = (100 + d * 0.7) * shade;
                double b = (45 + d * 0.4) * shade;
                // fine painted bands: sharp detail all over the subject
                if (((int) (y / (h / 180.0))) % 7 == 0) {
                    r *= 0.7;
                    g *= 0.7;
                    b *= 0.7;
                }
                int p = row[x];
                double k = Math.min(1, cover);
                row[x] = clamp((p >> 16 & 0xff) * (1 - k) + r * k) << 16
                        | clamp((p >> 8 & 0xff) * (1 - k) + g * k) << 8
                        | clamp((p & 0xff) * (1 - k) + b * k);
            }
            img.setRGB(0, y, w, 1, row, 0, w);
        }
        return img;
    }

    /** How much of the pixel at (x, y) the vase covers, 0..1 (a one-pixel anti-aliased edge). */
    private static double vase(double x, double y, double bx, double by, double rx, double ry, int h) {
        double u = Math.abs(x - bx) / rx;
        double v = Math.abs(y - by) / ry;
        double body = 1 - Math.pow(Math.pow(u, 2.5) + Math.pow(v, 2.5), 1 / 2.5);
        double neckTop = by - ry * 1.55;
        double neck = y >= neckTop && y <= by ? (rx * 0.35 - Math.abs(x - bx)) / rx : -1;
        double inside = Math.max(body * rx, neck * rx); // in pixels, roughly
        return Math.max(0, Math.min(1, inside + 0.5));
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
