package io.i2v.worker.render;

import java.awt.image.BufferedImage;

/**
 * Frequency-tuned saliency (Achanta et al. 2009) on a small copy: how far each slightly blurred
 * pixel's colour is from the image's mean colour, in an opponent colour space; the subject is the
 * weighted centre and spread of the pixels at least twice as salient as average. Cheap (a 128-px
 * copy), deterministic, and good at the one thing needed here: aiming the camera.
 */
public final class Saliency implements SubjectFinder {

    @Override
    public Subject find(BufferedImage image) {
        int sw = 128;
        int sh = Math.max(8, (int) Math.round(128.0 * image.getHeight() / image.getWidth()));
        BufferedImage small = Resample.to(image, sw, sh);
        int n = sw * sh;
        double[][] c = new double[3][n];
        double[] mean = new double[3];
        for (int i = 0; i < n; i++) {
            int p = small.getRGB(i % sw, i / sw);
            double r = p >> 16 & 0xff, g = p >> 8 & 0xff, b = p & 0xff;
            // luminance and two opponent channels (a rough Lab)
            c[0][i] = 0.2126 * r + 0.7152 * g + 0.0722 * b;
            c[1][i] = r - g;
            c[2][i] = (r + g) / 2 - b;
            for (int k = 0; k < 3; k++) {
                mean[k] += c[k][i] / n;
            }
        }
        for (int k = 0; k < 3; k++) {
            c[k] = blur(c[k], sw, sh);
        }
        double[] s = new double[n];
        double avg = 0;
        for (int i = 0; i < n; i++) {
            double d0 = c[0][i] - mean[0], d1 = c[1][i] - mean[1], d2 = c[2][i] - mean[2];
            s[i] = Math.sqrt(d0 * d0 + d1 * d1 + d2 * d2);
            avg += s[i] / n;
        }
        double sum = 0, mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            if (s[i] >= 2 * avg && avg > 1) {
                double wgt = s[i];
                sum += wgt;
                mx += wgt * ((i % sw) + 0.5) / sw;
                my += wgt * ((i / sw) + 0.5) / sh;
            }
        }
        if (sum == 0) {
            return Subject.CENTRE;
        }
        mx /= sum;
        my /= sum;
        double vx = 0, vy = 0;
        for (int i = 0; i < n; i++) {
            if (s[i] >= 2 * avg) {
                double dx = ((i % sw) + 0.5) / sw - mx, dy = ((i / sw) + 0.5) / sh - my;
                vx += s[i] * dx * dx / sum;
                vy += s[i] * dy * dy / sum;
            }
        }
        // ±2σ of a uniform box is about its full width
        return new Subject(
                mx,
                my,
                Math.min(1, 2 * Math.sqrt(3 * vx)),
                Math.min(1, 2 * Math.sqrt(3 * vy)),
                Subject.Source.SALIENCY);
    }

    private static double[] blur(double[] v, int w, int h) {
        double[] t = new double[v.length];
        double[] o = new double[v.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double a = 0;
                int k = 0;
                for (int d = -2; d <= 2; d++) {
                    int xx = x + d;
                    if (xx >= 0 && xx < w) {
                        a += v[y * w + xx];
                        k++;
                    }
                }
                t[y * w + x] = a / k;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double a = 0;
                int k = 0;
                for (int d = -2; d <= 2; d++) {
                    int yy = y + d;
                    if (yy >= 0 && yy < h) {
                        a += t[yy * w + x];
                        k++;
                    }
                }
                o[y * w + x] = a / k;
            }
        }
        return o;
    }
}
