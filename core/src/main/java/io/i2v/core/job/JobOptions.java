package io.i2v.core.job;

/**
 * Explicit job options; every field is optional and overrides what the instruction says.
 * {@code aspect} is "16:9", "9:16", "1:1" or "4:5"; {@code format} is "mp4" (default).
 */
public record JobOptions(Double durationSeconds, Integer width, Integer height, Integer fps, String aspect,
                         String motion, String format) {
    public static JobOptions none() {
        return new JobOptions(null, null, null, null, null, null, null);
    }
}
