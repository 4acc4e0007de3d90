package io.i2v.core.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Whether an image file is whole, from its container structure alone (no pixel is decoded):
 * a JPEG must reach its end-of-image marker after the first scan, a PNG its {@code IEND} chunk,
 * a WEBP the length its RIFF header declares, a HEIC/AVIF's top-level boxes must fit the file.
 * Cheap enough for intake (inline images) and run again by the worker before decoding, because
 * decoders fill a truncated picture with grey instead of failing.
 */
public final class ImageIntegrity {
    private ImageIntegrity() {}

    /** @return why the file is incomplete, or empty when its structure is whole (or not checked: audio, GIF) */
    public static Optional<String> problem(ByteBuffer bytes, ImageFormat format) {
        ByteBuffer b = bytes.duplicate().order(ByteOrder.BIG_ENDIAN);
        b.position(0);
        return switch (format) {
            case JPEG -> jpeg(b);
            case PNG -> png(b);
            case WEBP -> webp(b);
            case HEIC, AVIF -> isobmff(b);
            default -> Optional.empty();
        };
    }

    private static Optional<String> jpeg(ByteBuffer b) {
        int n = b.limit();
        int p = 2;
        while (true) {
            if (p + 4 > n) {
                return truncated("JPEG", "ends inside its headers");
            }
            if ((b.get(p) & 0xff) != 0xFF) {
                return truncated("JPEG", "has a damaged header at byte " + p);
            }
            int marker = b.get(p + 1) & 0xff;
            if (marker == 0xFF) {
                p++; // fill byte
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                p += 2;
                continue;
            }
            if (marker == 0xD9) {
                return truncated("JPEG", "ends before its first scan");
            }
            int length = b.getShort(p + 2) & 0xffff;
            if (length < 2 || p + 2 + length > n) {
                return truncated("JPEG", "ends inside a header segment");
            }
            if (marker == 0xDA) {
                int scan = p + 2 + length;
                // entropy-coded data never holds FF D9 (FF is stuffed as FF 00): the image's end marker is the last one
                for (int i = n - 2; i >= scan; i--) {
                    if ((b.get(i) & 0xff) == 0xFF && (b.get(i + 1) & 0xff) == 0xD9) {
                        return Optional.empty();
                    }
                }
                return truncated("JPEG", "ends before its end-of-image marker");
            }
            p += 2 + length;
        }
    }

    private static Optional<String> png(ByteBuffer b) {
        long n = b.limit();
        long p = 8;
        while (p + 12 <= n) {
            long length = b.getInt((int) p) & 0xffffffffL;
            String type = typeName(b, (int) p + 4);
            if (p + 12 + length > n) {
                return truncated(
                        "PNG",
                        type == null
                                ? "ends inside a chunk whose header is damaged"
                                : "ends inside its " + type + " chunk");
            }
            if ("IEND".equals(type)) {
                return Optional.empty();
            }
            p += 12 + length;
        }
        return truncated("PNG", "ends before its IEND chunk");
    }

    private static Optional<String> webp(ByteBuffer b) {
        if (b.limit() < 12) {
            return truncated("WEBP", "ends inside its header");
        }
        long declared = (b.order(ByteOrder.LITTLE_ENDIAN).getInt(4) & 0xffffffffL) + 8;
        b.order(ByteOrder.BIG_ENDIAN);
        return b.limit() < declared
                ? truncated("WEBP", "has " + b.limit() + " of the " + declared + " bytes its header declares")
                : Optional.empty();
    }

    private static Optional<String> isobmff(ByteBuffer b) {
        long n = b.limit();
        long p = 0;
        while (p < n) {
            if (p + 8 > n) {
                return truncated("HEIF", "ends inside a box header");
            }
            long size = b.getInt((int) p) & 0xffffffffL;
            String type = typeName(b, (int) p + 4);
            if (size == 1) {
                if (p + 16 > n) {
                    return truncated("HEIF", "ends inside a box header");
                }
                size = b.getLong((int) p + 8);
            } else if (size == 0) {
                return Optional.empty(); // the last box runs to the end of the file
            }
            if (size < 8 || p + size > n) {
                return truncated(
                        "HEIF",
                        type == null
                                ? "ends inside a box whose header is damaged"
                                : "ends inside its '" + type + "' box");
            }
            p += size;
        }
        return Optional.empty();
    }

    private static Optional<String> truncated(String format, String how) {
        return Optional.of("the " + format + " file is truncated or damaged: it " + how);
    }

    /** A chunk's or box's four-character type, or null where the bytes are not printable (a damaged header). */
    private static String typeName(ByteBuffer b, int off) {
        byte[] s = new byte[4];
        for (int i = 0; i < 4; i++) {
            s[i] = b.get(off + i);
            if (s[i] < 0x20 || s[i] >= 0x7f) {
                return null;
            }
        }
        return new String(s, StandardCharsets.US_ASCII);
    }
}
