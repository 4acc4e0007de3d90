package io.i2v.core.config;

import io.i2v.core.error.ErrorInfo;
import io.i2v.core.event.JobEvent;
import io.i2v.core.intake.EditSubmission;
import io.i2v.core.intake.JobSubmission;
import io.i2v.core.intake.UploadService;
import io.i2v.core.job.ImageRef;
import io.i2v.core.job.Interpretation;
import io.i2v.core.job.JobOptions;
import io.i2v.core.job.JobRequest;
import io.i2v.core.job.JobResult;
import io.i2v.core.job.JobState;
import io.i2v.core.job.JobStatus;
import io.i2v.core.webhook.WebhookDelivery;
import io.i2v.core.webhook.WebhookTask;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Every record the function deployables read or write as JSON through a plain ObjectMapper.
 * A native image keeps no reflection metadata it is not told about; JAX-RS bodies are
 * registered by Quarkus itself, these are not.
 */
@RegisterForReflection(
        targets = {
            JobRequest.class,
            JobStatus.class,
            JobState.Queued.class,
            JobState.Running.class,
            JobState.Succeeded.class,
            JobState.Failed.class,
            JobState.Canceled.class,
            ImageRef.class,
            JobOptions.class,
            JobResult.class,
            Interpretation.class,
            ErrorInfo.class,
            JobEvent.class,
            JobSubmission.class,
            JobSubmission.ImageInput.class,
            UploadService.UploadRequest.class,
            UploadService.UploadTicket.class,
            WebhookTask.class,
            WebhookDelivery.class,
            WebhookDelivery.Attempt.class,
            EditSubmission.class
        })
public final class NativeReflection {
    private NativeReflection() {}
}
