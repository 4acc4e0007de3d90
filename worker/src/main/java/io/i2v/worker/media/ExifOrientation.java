package io.i2v.worker.media;

import io.i2v.core.image.ImageFormat;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Phones store photos as the sensor saw them and say how to turn them in the EXIF
 * "Orientation" tag: JPEG APP1, PNG eXIf, WEBP EXIF chunk. Reads the tag and applies it, so a
 * portrait photo stays portrait. (HEIF says it with irot/imir instead; see {@link HeifInfo}.)
 */
public final class ExifOrientation {
    private static final int TAG_ORIENTATION = 0x0112;

    private ExifOrientation() {}

    /** 1 (as stored) to 8, for any format that carries EXIF; 1 when there is no readable tag. */
    public static int read(Path file, ImageFormat format) {
        return switch (format) {
            case JPEG -> read(file);
            case PNG -> readPng(file);
            case WEBP -> readWebp(file);
            default -> 1;
        };
    }

    /** PNG: the eXIf chunk holds the TIFF structure directly; it must come before IDAT. */
    static int readPng(Path png) {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(png))) {
            in.skipNBytes(8);
            while (true) {
                int length = in.readInt();
                String type = new String(in.readNBytes(4), StandardCharsets.ISO_8859_1);
                if (length < 0 || type.equals("IDAT") || type.equals("IEND")) {
                    return 1;
                }
                if (type.equals("eXIf")) {
                    int value = fromTiff(in.readNBytes(Math.min(length, 1 << 20)));
                    return value == 0 ? 1 : value;
                }
                in.skipNBytes(length + 4L);
            }
        } catch (IOException | RuntimeException e) {
            return 1;
        }
    }

    /** WEBP: an "EXIF" RIFF chunk, the TIFF structure with or without the "Exif\0\0" prefix. */
    static int readWebp(Path webp) {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(webp))) {
            in.skipNBytes(12);
            while (true) {
                String type = new String(in.readNBytes(4), StandardCharsets.ISO_8859_1);
                byte[] len = in.readNBytes(4);
                if (len.length < 4) {
                    return 1;
                }
                long length =
                        ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
                if (type.equals("EXIF")) {
                    byte[] exif = in.readNBytes((int) Math.min(length, 1 << 20));
                    int value = exif.length > 6 && exif[0] == 'E' ? fromApp1(exif) : fromTiff(exif);
                    return value == 0 ? 1 : value;
                }
                in.skipNBytes(length + (length & 1));
            }
        } catch (IOException | RuntimeException e) {
            return 1;
        }
    }

    /** JPEG: APP1 "Exif" segments before the image data. */
    public static int read(Path jpeg) {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(jpeg))) {
            if (in.readUnsignedShort() != 0xFFD8) {
                return 1;
            }
            while (true) {
                int marker = in.readUnsignedShort();
                if ((marker & 0xFF00) != 0xFF00 || marker == 0xFFDA || marker == 0xFFD9) {
                    return 1; // image data starts: no EXIF before it
                }
                int length = in.readUnsignedShort() - 2;
                if (length < 0) {
                    return 1;
                }
                if (marker == 0xFFE1) {
                    byte[] segment = in.readNBytes(length);
                    int value = fromApp1(segment);
                    if (value != 0) {
                        return value;
                    }
                } else {
                    in.skipNBytes(length);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 1;
        }
    }

    static int fromApp1(byte[] s) {
        if (s.length < 14 || !new String(s, 0, 6, StandardCharsets.ISO_8859_1).equals("Exif\0\0")) {
            return 0;
        }
        return fromTiff(Arrays.copyOfRange(s, 6, s.length));
    }

    static int fromTiff(byte[] s) {
        if (s.length < 8) {
            return 0;
        }
        ByteBuffer tiff = ByteBuffer.wrap(s);
        tiff.order(tiff.get(0) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int ifd = tiff.getInt(4);
        int entries = Short.toUnsignedInt(tiff.getShort(ifd));
        for (int i = 0; i < entries; i++) {
            int at = ifd + 2 + i * 12;
            if (Short.toUnsignedInt(tiff.getShort(at)) == TAG_ORIENTATION) {
                int value = Short.toUnsignedInt(tiff.getShort(at + 8));
                return value >= 1 && value <= 8 ? value : 0;
            }
        }
        return 0;
    }

    /** The image as it should be seen. */
    public static BufferedImage apply(BufferedImage image, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        // x' = m00·x + m01·y + m02, y' = m10·x + m11·y + m12, per the EXIF definition of each value
        AffineTransform t = switch (orientation) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0); // mirrored
            case 3 -> new AffineTransform(-1, 0, 0, -1, w, h); // upside down
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, h); // mirrored vertically
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0); // transposed
            case 6 -> new AffineTransform(0, 1, -1, 0, h, 0); // turn 90° clockwise
            case 7 -> new AffineTransform(0, -1, -1, 0, h, w); // transversed
            default -> new AffineTransform(0, -1, 1, 0, 0, w); // 8: turn 90° counter-clockwise
        };
        boolean swap = orientation >= 5;
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        new AffineTransformOp(t, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(toRgb(image), out);
        return out;
    }

    private static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.createGraphics().drawImage(image, 0, 0, null);
        return rgb;
    }
}
