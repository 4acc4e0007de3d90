package io.i2v.worker.render;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Test pictures: a muted textured background with one saturated red disc (the subject) where
 * asked, or a landscape: a smooth sky down to the horizon over textured ground.
 */
final class Scenes {
    private Scenes() {}

    static BufferedImage withSubject(int w, int h, double cx, double cy, double radius) {
        BufferedImage img = textured(w, h, new Color(90, 110, 100), 1);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(235, 20, 20));
        double r = radius * w;
        g.fill(new Ellipse2D.Double(cx * w - r, cy * h - r, 2 * r, 2 * r));
        g.dispose();
        return img;
    }

    /** Mid-grey-ish colour with ±25 levels of blocky texture, so motion is visible. */
    static BufferedImage textured(int w, int h, Color base, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        SplittableRandom rnd = new SplittableRandom(seed);
        int cell = Math.max(4, w / 80);
        for (int y = 0; y < h; y += cell) {
            for (int x = 0; x < w; x += cell) {
                int d = rnd.nextInt(51) - 25;
                Color c = new Color(clamp(base.getRed() + d), clamp(base.getGreen() + d), clamp(base.getBlue() + d));
                for (int yy = y; yy < Math.min(h, y + cell); yy++) {
                    for (int xx = x; xx < Math.min(w, x + cell); xx++) {
                        img.setRGB(xx, yy, c.getRGB());
                    }
                }
            }
        }
        return img;
    }

    /** A clear sky, lighter towards the horizon at {@code horizon} (fraction of the height), over textured ground. */
    static BufferedImage landscape(int w, int h, double horizon) {
        BufferedImage img = textured(w, h, new Color(105, 95, 70), 3);
        int edge = (int) Math.round(horizon * h);
        for (int y = 0; y < edge; y++) {
            double u = (double) y / edge;
            int rgb = new Color((int) (95 + 100 * u), (int) (140 + 75 * u), (int) (205 + 30 * u)).getRGB();
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
