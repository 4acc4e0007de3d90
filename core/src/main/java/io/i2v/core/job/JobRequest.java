package io.i2v.core.job;

import java.time.Instant;
import java.util.List;

/**
 * The message on the jobs queue, also stored as {@code jobs/<id>/request.json}. Versioned:
 * {@link JobRequestCodec} refuses versions it does not know.
 */
public record JobRequest(int version, String jobId, JobSource source, Instant submittedAt, String prompt,
                         List<ImageRef> images, JobOptions options, String parentJobId, String owner,
                         String traceparent) {
    public static final int VERSION = 1;
}
