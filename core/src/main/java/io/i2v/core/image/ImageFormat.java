package io.i2v.core.image;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Input formats we accept, recognised from their first bytes, never from names or Content-Type:
 * images, and the audio formats a job may carry as its music (one audio entry beside the images).
 */
public enum ImageFormat {
    JPEG("jpg", "image/jpeg"),
    PNG("png", "image/png"),
    WEBP("webp", "image/webp"),
    HEIC("heic", "image/heic"),
    AVIF("avif", "image/avif"),
    GIF("gif", "image/gif"),
    MP3("mp3", "audio/mpeg"),
    WAV("wav", "audio/wav"),
    M4A("m4a", "audio/mp4"),
    AAC("aac", "audio/aac");

    /** Enough leading bytes for every signature here. */
    public static final int SNIFF_BYTES = 32;

    private final String extension;
    private final String mediaType;

    ImageFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    /** Music for the video rather than a picture. */
    public boolean audio() {
        return mediaType.startsWith("audio/");
    }

    public static String supportedList() {
        return Arrays.stream(values()).map(f -> f.extension.toUpperCase()).collect(Collectors.joining(", "));
    }

    public static Optional<ImageFormat> sniff(byte[] b) {
        if (b == null || b.length < 4) {
            return Optional.empty();
        }
        if ((b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (b.length >= 8
                && (b[0] & 0xff) == 0x89
                && ascii(b, 1, 3).equals("PNG")
                && b[4] == 0x0D
                && b[5] == 0x0A
                && b[6] == 0x1A
                && b[7] == 0x0A) {
            return Optional.of(PNG);
        }
        if (b.length >= 12 && ascii(b, 0, 4).equals("RIFF") && ascii(b, 8, 4).equals("WEBP")) {
            return Optional.of(WEBP);
        }
        if (b.length >= 6 && (ascii(b, 0, 6).equals("GIF87a") || ascii(b, 0, 6).equals("GIF89a"))) {
            return Optional.of(GIF);
        }
        if (b.length >= 12 && ascii(b, 4, 4).equals("ftyp")) {
            return isobmffBrand(b);
        }
        if (b.length >= 12 && ascii(b, 0, 4).equals("RIFF") && ascii(b, 8, 4).equals("WAVE")) {
            return Optional.of(WAV);
        }
        if (ascii(b, 0, 3).equals("ID3")) {
            return Optional.of(MP3);
        }
        if ((b[0] & 0xff) == 0xFF && (b[1] & 0xE0) == 0xE0) {
            // an MPEG audio frame header; layer bits 00 mark an ADTS (AAC) header instead
            return Optional.of((b[1] & 0x06) == 0 ? AAC : MP3);
        }
        return Optional.empty();
    }

    /** HEIF family: the major brand, else the compatible brands within what we read. */
    private static Optional<ImageFormat> isobmffBrand(byte[] b) {
        int boxSize = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        int end = Math.min(b.length, Math.max(12, boxSize));
        boolean heif = false;
        for (int i = 8; i + 4 <= end; i += 4) {
            if (i == 12) {
                continue; // minor version, not a brand
            }
            switch (ascii(b, i, 4)) {
                case "avif", "avis":
                    return Optional.of(AVIF);
                case "M4A ", "M4B ":
                    return Optional.of(M4A);
                case "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1":
                    heif = true;
                    break;
                default:
                    break;
            }
        }
        if (heif) {
            return Optional.of(HEIC);
        }
        return Optional.empty();
    }

    private static String ascii(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }
}
