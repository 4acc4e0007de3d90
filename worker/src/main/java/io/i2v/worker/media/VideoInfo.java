package io.i2v.worker.media;

/** What a decoder reads back from a finished video file. */
public record VideoInfo(
        String codec,
        String profile,
        String pixelFormat,
        String colorSpace,
        int width,
        int height,
        double fps,
        long frames,
        double durationSeconds,
        boolean faststart) {}
