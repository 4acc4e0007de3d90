package io.i2v.worker.render;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * How sharp a photo is, place by place, on the small grid its subject matte is worked out on:
 * product and portrait photos usually have a sharp subject over a softer background.
 */
final class Sharpness {
    private Sharpness() {}

    /**
     * Local sharpness on a {@code w x h} grid from a copy twice that size: the absolute Laplacian,
     * averaged per cell and over a few cells around, relative to the photo's sharp end (its 97th percentile).
     */
    static float[] map(BufferedImage twice, int w, int h) {
        int tw = twice.getWidth();
        int th = twice.getHeight();
        int[] p = twice.getRGB(0, 0, tw, th, null, 0, tw);
        float[] g = new float[tw * th];
        for (int i = 0; i < g.length; i++) {
            g[i] = 0.299f * (p[i] >> 16 & 0xff) + 0.587f * (p[i] >> 8 & 0xff) + 0.114f * (p[i] & 0xff);
        }
        g = Masks.boxBlur(g, tw, th, 1); // sensor noise and JPEG grain are not detail
        float[] cell = new float[w * h];
        for (int y = 1; y < th - 1; y++) {
            for (int x = 1; x < tw - 1; x++) {
                int i = y * tw + x;
                float lap = Math.abs(4 * g[i] - g[i - 1] - g[i + 1] - g[i - tw] - g[i + tw]);
                int cx = Math.min(w - 1, x / 2);
                int cy = Math.min(h - 1, y / 2);
                cell[cy * w + cx] += lap / 4;
            }
        }
        float[] s = Masks.boxBlur(cell, w, h, 3);
        float[] sorted = s.clone();
        Arrays.sort(sorted);
        float top = Math.max(1e-3f, sorted[(int) (sorted.length * 0.97)]);
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.min(1.5f, s[i] / top);
        }
        return s;
    }

    /** Whether the photo has both soft and sharp parts: only then does sharpness tell the subject apart. */
    static boolean contrast(float[] sharp) {
        int soft = 0;
        int crisp = 0;
        for (float v : sharp) {
            if (v < 0.15f) {
                soft++;
            } else if (v > 0.4f) {
                crisp++;
            }
        }
        return soft > sharp.length / 5 && crisp > sharp.length / 30;
    }
}
