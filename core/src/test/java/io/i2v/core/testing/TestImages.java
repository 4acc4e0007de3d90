package io.i2v.core.testing;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/** Real images made in code: a gradient sky, a sun and hills, so motion and scaling are visible. */
public final class TestImages {
    private TestImages() {}

    public static BufferedImage scene(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(30, 60, 140), 0, height, new Color(250, 170, 90)));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(255, 230, 120));
        g.fillOval(width * 6 / 10, height / 5, width / 8, width / 8);
        g.setColor(new Color(40, 90, 50));
        g.fillArc(-width / 4, height * 6 / 10, width, height, 0, 180);
        g.setColor(new Color(25, 70, 40));
        g.fillArc(width / 3, height * 2 / 3, width, height, 0, 180);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(Math.max(1, width / 400f)));
        for (int x = 0; x < width; x += Math.max(1, width / 16)) {
            g.drawLine(x, height - height / 12, x + width / 32, height - height / 10);
        }
        g.dispose();
        return img;
    }

    public static byte[] jpeg(int width, int height) {
        return encode(scene(width, height), "jpg");
    }

    public static byte[] png(int width, int height) {
        return encode(scene(width, height), "png");
    }

    public static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A real photo from the repository's {@code samples/} folder (found from any module's directory). */
    public static byte[] sample(String name) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("samples"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no samples/ folder above " + Path.of("").toAbsolutePath());
        }
        try {
            return Files.readAllBytes(dir.resolve("samples").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first {@code numerator/denominator} of a file, as a cut-off download or upload leaves it. */
    public static byte[] cut(byte[] whole, int numerator, int denominator) {
        return Arrays.copyOf(whole, (int) ((long) whole.length * numerator / denominator));
    }
}
