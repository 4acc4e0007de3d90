package io.i2v.worker.results;

import io.i2v.core.job.Interpretation;
import java.time.Instant;
import java.util.List;

/** {@code results/<id>/manifest.json}: what was made, from what, checked how. */
public record Manifest(
        int version,
        String jobId,
        Instant createdAt,
        String backend,
        String prompt,
        Interpretation interpretation,
        String timeline,
        List<String> inputs,
        Video video,
        FileEntry poster) {
    public static final int VERSION = 1;

    public record Video(
            String key,
            long size,
            String sha256,
            String contentType,
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

    public record FileEntry(String key, long size, String sha256, String contentType) {}
}
