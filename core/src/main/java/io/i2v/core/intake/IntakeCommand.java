package io.i2v.core.intake;

import io.i2v.core.job.JobOptions;
import io.i2v.core.job.JobSource;
import java.util.List;

/**
 * One job to accept. {@code identity}, when present, makes the job id derive from it, so the
 * same identity (Idempotency-Key, SQS message id, S3 object version) always names the same job.
 */
public record IntakeCommand(JobSource source, String prompt, List<ImageSource> images, JobOptions options,
                            String identity, String owner, String parentJobId, String traceparent) {

    /** The same command carrying the caller's W3C trace context. */
    public IntakeCommand withTrace(String traceparent) {
        return new IntakeCommand(source, prompt, images, options, identity, owner, parentJobId, traceparent);
    }
}
