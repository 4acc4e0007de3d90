package io.i2v.core.intake;

import io.i2v.core.job.JobOptions;
import java.util.List;

/**
 * The public job-submission format: the body of {@code POST /v1/jobs} and of messages other
 * services put on the intake queue. {@code version} is required on queue messages (1 today).
 */
public record JobSubmission(
        Integer version,
        String prompt,
        List<ImageInput> images,
        JobOptions options,
        String idempotencyKey,
        String webhookUrl) {
    /** Version 1; {@code webhookUrl} is an optional field added within it. */
    public static final int VERSION = 1;

    public JobSubmission(
            Integer version, String prompt, List<ImageInput> images, JobOptions options, String idempotencyKey) {
        this(version, prompt, images, options, idempotencyKey, null);
    }

    /** Exactly one of {@code key}, {@code url} or {@code data} (base64). */
    public record ImageInput(String key, String url, String data, String name) {}
}
