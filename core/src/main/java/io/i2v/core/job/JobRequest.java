package io.i2v.core.job;

import java.time.Instant;
import java.util.List;

/**
 * The message on the jobs queue, also stored as {@code jobs/<id>/request.json}. Versioned:
 * {@link JobRequestCodec} refuses versions it does not know.
 */
public record JobRequest(
        int version,
        String jobId,
        JobSource source,
        Instant submittedAt,
        String prompt,
        List<ImageRef> images,
        JobOptions options,
        String parentJobId,
        String owner,
        String traceparent,
        String webhookUrl,
        String submissionDigest) {
    /**
     * Version 1; {@code webhookUrl} (absent = no webhook) and {@code submissionDigest} (SHA-256 of
     * what the caller sent, so a reused Idempotency-Key with another body is told apart) are
     * optional fields added within it.
     */
    public static final int VERSION = 1;

    public JobRequest(
            int version,
            String jobId,
            JobSource source,
            Instant submittedAt,
            String prompt,
            List<ImageRef> images,
            JobOptions options,
            String parentJobId,
            String owner,
            String traceparent,
            String webhookUrl) {
        this(
                version,
                jobId,
                source,
                submittedAt,
                prompt,
                images,
                options,
                parentJobId,
                owner,
                traceparent,
                webhookUrl,
                null);
    }

    public JobRequest(
            int version,
            String jobId,
            JobSource source,
            Instant submittedAt,
            String prompt,
            List<ImageRef> images,
            JobOptions options,
            String parentJobId,
            String owner,
            String traceparent) {
        this(version, jobId, source, submittedAt, prompt, images, options, parentJobId, owner, traceparent, null);
    }
}
