package io.i2v.core.job;

/** What a succeeded job produced, as stored in our bucket. */
public record JobResult(String videoKey, String posterKey, String manifestKey, int width, int height,
                        double durationSeconds, double fps, long sizeBytes, String sha256, String videoUrl) {
    /** The same result with a (fresh, short-lived) download URL; never stored. */
    public JobResult withVideoUrl(String url) {
        return new JobResult(videoKey, posterKey, manifestKey, width, height, durationSeconds, fps, sizeBytes, sha256,
                url);
    }
}
