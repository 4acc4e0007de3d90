package io.i2v.core.job;

/**
 * What a succeeded job produced, as stored in our bucket. {@code videoUrl} and {@code posterUrl}
 * are fresh, short-lived download URLs added when a caller reads the job; never stored.
 */
public record JobResult(
        String videoKey,
        String posterKey,
        String manifestKey,
        int width,
        int height,
        double durationSeconds,
        double fps,
        long sizeBytes,
        String sha256,
        String videoUrl,
        String posterUrl) {

    /** A result as stored: no download URLs. */
    public JobResult(
            String videoKey,
            String posterKey,
            String manifestKey,
            int width,
            int height,
            double durationSeconds,
            double fps,
            long sizeBytes,
            String sha256) {
        this(videoKey, posterKey, manifestKey, width, height, durationSeconds, fps, sizeBytes, sha256, null, null);
    }

    /** The same result with (fresh, short-lived) download URLs for the video and its poster. */
    public JobResult withUrls(String video, String poster) {
        return new JobResult(
                videoKey,
                posterKey,
                manifestKey,
                width,
                height,
                durationSeconds,
                fps,
                sizeBytes,
                sha256,
                video,
                poster);
    }
}
