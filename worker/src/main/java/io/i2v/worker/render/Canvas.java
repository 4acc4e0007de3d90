package io.i2v.worker.render;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** One-off picture treatments applied to a still before it becomes a working copy. */
public final class Canvas {
    private Canvas() {}

    /**
     * The whole image, contain-fitted into a {@code w x h} canvas over a blurred, darkened,
     * cover-fitted copy of itself ("show the whole image").
     */
    public static BufferedImage fitOverBlur(BufferedImage source, int w, int h) {
        double cover = Math.max((double) w / source.getWidth(), (double) h / source.getHeight());
        double contain = Math.min((double) w / source.getWidth(), (double) h / source.getHeight());
        // blur: shrink hard, then let bicubic enlargement smear it
        BufferedImage tiny = Resample.to(source, Math.max(4, (int) (source.getWidth() * cover / 24)), Math.max(4, (int)
                (source.getHeight() * cover / 24)));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.drawImage(
                    tiny,
                    (w - tiny.getWidth() * 24) / 2,
                    (h - tiny.getHeight() * 24) / 2,
                    tiny.getWidth() * 24,
                    tiny.getHeight() * 24,
                    null);
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.35f));
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, w, h);
            g.setComposite(AlphaComposite.SrcOver);
            int fw = (int) Math.round(source.getWidth() * contain);
            int fh = (int) Math.round(source.getHeight() * contain);
            g.drawImage(Resample.to(source, fw, fh), (w - fw) / 2, (h - fh) / 2, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * The "cinematic" grade, in place: a gentle S-curve (25% blend toward smoothstep), shadows
     * nudged toward teal and highlights toward warm (up to ±6 levels), saturation × 0.92.
     */
    public static BufferedImage grade(BufferedImage rgb) {
        int[] lut = new int[256];
        for (int i = 0; i < 256; i++) {
            double v = i / 255.0;
            double s = v * v * (3 - 2 * v);
            lut[i] = (int) Math.round(255 * (0.75 * v + 0.25 * s));
        }
        BufferedImage out =
                rgb.getType() == BufferedImage.TYPE_INT_RGB ? rgb : Resample.to(rgb, rgb.getWidth(), rgb.getHeight());
        int w = out.getWidth();
        int[] row = new int[w];
        for (int y = 0; y < out.getHeight(); y++) {
            out.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                double r = lut[p >> 16 & 0xff], g = lut[p >> 8 & 0xff], b = lut[p & 0xff];
                double l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
                r = l + (r - l) * 0.92;
                g = l + (g - l) * 0.92;
                b = l + (b - l) * 0.92;
                double dark = 1 - l / 255;
                double shadow = dark * dark * 6;
                double light = (1 - dark) * (1 - dark) * 6;
                r += light - shadow;
                g += shadow * 0.3;
                b += shadow - light;
                row[x] = c(r) << 16 | c(g) << 8 | c(b);
            }
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }

    private static int c(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
