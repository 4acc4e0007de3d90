package io.i2v.core.intake;

import io.i2v.core.job.JobOptions;
import io.i2v.core.job.JobSource;
import java.util.List;

/**
 * One job to accept. {@code identity}, when present, makes the job id derive from it, so the
 * same identity (Idempotency-Key, SQS message id, S3 object version) always names the same job.
 * {@code webhookUrl}, when present, receives the job's lifecycle events (signed, retried).
 */
public record IntakeCommand(
        JobSource source,
        String prompt,
        List<ImageSource> images,
        JobOptions options,
        String identity,
        String owner,
        String parentJobId,
        String traceparent,
        String webhookUrl) {

    public IntakeCommand(
            JobSource source,
            String prompt,
            List<ImageSource> images,
            JobOptions options,
            String identity,
            String owner,
            String parentJobId,
            String traceparent) {
        this(source, prompt, images, options, identity, owner, parentJobId, traceparent, null);
    }

    /** The same command carrying the caller's W3C trace context. */
    public IntakeCommand withTrace(String traceparent) {
        return new IntakeCommand(
                source, prompt, images, options, identity, owner, parentJobId, traceparent, webhookUrl);
    }

    /** The same command with a webhook URL for the job's notifications. */
    public IntakeCommand withWebhook(String webhookUrl) {
        return new IntakeCommand(
                source, prompt, images, options, identity, owner, parentJobId, traceparent, webhookUrl);
    }
}
