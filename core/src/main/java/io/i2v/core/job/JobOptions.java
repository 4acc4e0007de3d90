package io.i2v.core.job;

/**
 * Explicit job options; every field is optional and overrides what the instruction says.
 * {@code aspect} is "16:9", "9:16", "1:1" or "4:5"; {@code format} is "mp4" (default), "mov",
 * "webm" or "gif"; {@code focusX}/{@code focusY} (0..1, from the image's left/top) is where the
 * camera aims instead of the detected subject; {@code depth} is "auto" (layered parallax when the
 * photo has a clear subject), "layers" or "flat"; {@code loop} makes a seamless loop.
 */
public record JobOptions(Double durationSeconds, Integer width, Integer height, Integer fps, String aspect,
                         String motion, String format, Double focusX, Double focusY, String depth, Boolean loop) {

    public JobOptions(Double durationSeconds, Integer width, Integer height, Integer fps, String aspect,
                      String motion, String format, Double focusX, Double focusY) {
        this(durationSeconds, width, height, fps, aspect, motion, format, focusX, focusY, null, null);
    }

    public JobOptions(Double durationSeconds, Integer width, Integer height, Integer fps, String aspect,
                      String motion, String format) {
        this(durationSeconds, width, height, fps, aspect, motion, format, null, null);
    }

    public static JobOptions none() {
        return new JobOptions(null, null, null, null, null, null, null);
    }
}
