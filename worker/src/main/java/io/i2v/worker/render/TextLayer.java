package io.i2v.worker.render;

import io.i2v.worker.plan.Caption;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * A caption drawn once (white, dark outline, anti-aliased) and kept as Y'CbCr plus alpha over
 * its bounding box; each frame in its time range blends it in, scaled by the fade.
 */
final class TextLayer {
    private final Caption caption;
    private final int x0;
    private final int y0;
    private final int bw;
    private final int bh;
    private final byte[] y;
    private final byte[] u;
    private final byte[] v;
    private final int[] alpha;
    private final int[] calpha;
    private final boolean missingGlyphs;

    TextLayer(Caption caption, int width, int height) {
        this.caption = caption;
        int shortSide = Math.min(width, height);
        float size = (float) (shortSide * (caption.title() ? 0.085 : 0.05));
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, Math.round(size));
        FontRenderContext frc = new FontRenderContext(new AffineTransform(), true, true);
        String text = caption.text();
        this.missingGlyphs = font.canDisplayUpTo(text) != -1;
        TextLayout layout = new TextLayout(text, font, frc);
        double maxW = width * 0.9;
        if (layout.getAdvance() > maxW) {
            font = font.deriveFont((float) (font.getSize2D() * maxW / layout.getAdvance()));
            layout = new TextLayout(text, font, frc);
        }
        Rectangle2D bounds = layout.getBounds();
        int pad = (int) Math.ceil(font.getSize2D() * 0.15) + 2;
        int w = even((int) Math.ceil(bounds.getWidth()) + 2 * pad);
        int h = even((int) Math.ceil(bounds.getHeight()) + 2 * pad);
        int left = even((width - w) / 2);
        int top = switch (caption.position()) {
            case "top" -> even((int) (height * 0.08));
            case "bottom" -> even((int) (height * 0.92) - h);
            default -> even((height - h) / 2);
        };
        this.x0 = Math.max(0, left);
        this.y0 = Math.max(0, Math.min(height - h, top));
        this.bw = Math.min(w, width - x0);
        this.bh = Math.min(h, height - y0);
        BufferedImage img = new BufferedImage(bw, bh, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            Shape outline =
                    layout.getOutline(AffineTransform.getTranslateInstance(pad - bounds.getX(), pad - bounds.getY()));
            g.setColor(new Color(0, 0, 0, 200));
            g.setStroke(new BasicStroke(
                    Math.max(2f, font.getSize2D() / 12), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(outline);
            g.setColor(Color.WHITE);
            g.fill(outline);
        } finally {
            g.dispose();
        }
        int[] argb = img.getRGB(0, 0, bw, bh, null, 0, bw);
        alpha = new int[bw * bh];
        int[] rgb = new int[bw * bh];
        for (int i = 0; i < argb.length; i++) {
            int a = argb[i] >>> 24;
            alpha[i] = a;
            rgb[i] = argb[i] & 0xffffff;
        }
        byte[] yuv = new byte[Yuv420.bufferSize(bw, bh)];
        Yuv420.convert(rgb, bw, bh, yuv);
        int cw = bw / 2;
        int ch = bh / 2;
        y = Arrays.copyOfRange(yuv, 0, bw * bh);
        u = Arrays.copyOfRange(yuv, bw * bh, bw * bh + cw * ch);
        v = Arrays.copyOfRange(yuv, bw * bh + cw * ch, yuv.length);
        calpha = new int[cw * ch];
        for (int j = 0; j < ch; j++) {
            for (int i = 0; i < cw; i++) {
                int a = alpha[2 * j * bw + 2 * i]
                        + alpha[2 * j * bw + 2 * i + 1]
                        + alpha[(2 * j + 1) * bw + 2 * i]
                        + alpha[(2 * j + 1) * bw + 2 * i + 1];
                calpha[j * cw + i] = (a + 2) / 4;
            }
        }
    }

    /** True when this machine's fonts lack some of the text's characters (they show as boxes). */
    boolean missingGlyphs() {
        return missingGlyphs;
    }

    /** 0..1: how visible the caption is at {@code t} seconds. */
    double opacity(double t) {
        if (t < caption.start() || t >= caption.end()) {
            return 0;
        }
        double fade = caption.fade();
        if (fade <= 0) {
            return 1;
        }
        return Math.min(1, Math.min((t - caption.start()) / fade, (caption.end() - t) / fade));
    }

    void blend(byte[] frame, int width, int height, double t) {
        double o = opacity(t);
        if (o <= 0) {
            return;
        }
        int k = (int) Math.round(o * 256);
        for (int j = 0; j < bh; j++) {
            int row = (y0 + j) * width + x0;
            for (int i = 0; i < bw; i++) {
                int a = alpha[j * bw + i] * k >> 8;
                if (a != 0) {
                    int dst = frame[row + i] & 0xff;
                    frame[row + i] = (byte) (dst + (((y[j * bw + i] & 0xff) - dst) * a + 127) / 255);
                }
            }
        }
        int cw = width / 2;
        int uBase = width * height;
        int vBase = uBase + cw * (height / 2);
        int bcw = bw / 2;
        for (int j = 0; j < bh / 2; j++) {
            int row = (y0 / 2 + j) * cw + x0 / 2;
            for (int i = 0; i < bcw; i++) {
                int a = calpha[j * bcw + i] * k >> 8;
                if (a != 0) {
                    int du = frame[uBase + row + i] & 0xff;
                    int dv = frame[vBase + row + i] & 0xff;
                    frame[uBase + row + i] = (byte) (du + (((u[j * bcw + i] & 0xff) - du) * a + 127) / 255);
                    frame[vBase + row + i] = (byte) (dv + (((v[j * bcw + i] & 0xff) - dv) * a + 127) / 255);
                }
            }
        }
    }

    private static int even(int v) {
        return v & ~1;
    }
}
