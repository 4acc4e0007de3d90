package io.i2v.worker.media;

import io.i2v.core.image.ImageFormat;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Inflater;

/**
 * Brings a decoded image to what the renderer draws from: sRGB, opaque, {@code TYPE_INT_RGB}.
 * Pixels in an embedded colour profile (Display P3, Adobe RGB, …, which ImageIO hands back in an
 * ICC colour space) are converted by the colour management system, not reinterpreted as sRGB;
 * transparency is composited over white, as viewers show such images.
 */
final class Colour {
    static final Color BACKGROUND = Color.WHITE;

    private Colour() {}

    /**
     * The image in sRGB when its file carries a profile ImageIO did not apply itself (PNG iCCP);
     * JPEG profiles arrive already as the image's colour space and are handled by {@link #toSrgb}.
     */
    static BufferedImage applyProfile(BufferedImage rgb, Path file, ImageFormat format) {
        if (format != ImageFormat.PNG) {
            return rgb;
        }
        return convert(rgb, pngProfile(file));
    }

    /** An sRGB-labelled {@code TYPE_INT_RGB} image whose pixels are really in {@code icc}, converted. */
    static BufferedImage convert(BufferedImage rgb, byte[] icc) {
        try {
            return convert(rgb, ICC_Profile.getInstance(icc));
        } catch (IllegalArgumentException e) {
            return rgb; // an unreadable profile is not worth failing the photo for
        }
    }

    private static BufferedImage convert(BufferedImage rgb, ICC_Profile profile) {
        if (profile == null || profile.getColorSpaceType() != ColorSpace.TYPE_RGB) {
            return rgb;
        }
        ICC_ColorSpace cs = new ICC_ColorSpace(profile);
        if (cs.isCS_sRGB()) {
            return rgb;
        }
        BufferedImage out = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_INT_RGB);
        new ColorConvertOp(new ICC_Profile[] {profile, ICC_Profile.getInstance(ColorSpace.CS_sRGB)}, null)
                .filter(rgb.getRaster(), out.getRaster());
        return out;
    }

    /** The iCCP chunk's profile (zlib-compressed after a name), null when there is none or it is unreadable. */
    private static ICC_Profile pngProfile(Path png) {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(png))) {
            in.skipNBytes(8);
            while (true) {
                int length = in.readInt();
                String type = new String(in.readNBytes(4), StandardCharsets.ISO_8859_1);
                if (length < 0 || type.equals("IDAT") || type.equals("IEND")) {
                    return null;
                }
                if (type.equals("iCCP") && length < (8 << 20)) {
                    byte[] data = in.readNBytes(length);
                    int nul = 0;
                    while (nul < data.length && data[nul] != 0) {
                        nul++;
                    }
                    Inflater inflater = new Inflater();
                    inflater.setInput(data, nul + 2, data.length - nul - 2);
                    ByteArrayOutputStream icc = new ByteArrayOutputStream();
                    byte[] buf = new byte[8192];
                    while (!inflater.finished() && icc.size() < (8 << 20)) {
                        int n = inflater.inflate(buf);
                        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                            break;
                        }
                        icc.write(buf, 0, n);
                    }
                    inflater.end();
                    return ICC_Profile.getInstance(icc.toByteArray());
                }
                in.skipNBytes(length + 4L);
            }
        } catch (Exception e) {
            return null; // a broken profile is not worth failing the photo for
        }
    }

    static BufferedImage toSrgb(BufferedImage image) {
        ColorSpace cs = image.getColorModel().getColorSpace();
        BufferedImage source = image;
        if (cs instanceof ICC_ColorSpace && !cs.isCS_sRGB() && cs.getType() == ColorSpace.TYPE_RGB) {
            boolean alpha = image.getColorModel().hasAlpha();
            BufferedImage converted = new BufferedImage(
                    image.getWidth(),
                    image.getHeight(),
                    alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
            new ColorConvertOp(cs, ColorSpace.getInstance(ColorSpace.CS_sRGB), null).filter(image, converted);
            source = converted;
        }
        if (source.getType() == BufferedImage.TYPE_INT_RGB) {
            return source;
        }
        BufferedImage rgb = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
        g.drawImage(source, 0, 0, null);
        g.dispose();
        return rgb;
    }
}
