package io.i2v.worker.media;

import java.util.Locale;
import java.util.Optional;

/**
 * Containers and codecs on offer. MP4 (default) and MOV: H.264 High + AAC, index up front.
 * WebM: VP9 + Opus. GIF: no sound, 256 colours (RGB 3-3-2, so gradients band), and small —
 * at most 480 px on the long side at 10 fps — because GIF frames are stored nearly raw.
 */
public enum OutputFormat {
    MP4("mp4", "video/mp4", "h264"),
    MOV("mov", "video/quicktime", "h264"),
    WEBM("webm", "video/webm", "vp9"),
    GIF("gif", "image/gif", "gif");

    public static final int GIF_LONG_SIDE = 480;
    public static final int GIF_FPS = 10;

    private final String extension;
    private final String mediaType;
    private final String codec;

    OutputFormat(String extension, String mediaType, String codec) {
        this.extension = extension;
        this.mediaType = mediaType;
        this.codec = codec;
    }

    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The video codec name a decoder reports. */
    public String codec() {
        return codec;
    }

    public boolean hasAudio() {
        return this != GIF;
    }

    public static Optional<OutputFormat> of(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.toLowerCase(Locale.ROOT).replace(".", "").trim();
        for (OutputFormat f : values()) {
            if (f.extension.equals(n)) {
                return Optional.of(f);
            }
        }
        return n.equals("quicktime") ? Optional.of(MOV) : Optional.empty();
    }
}
