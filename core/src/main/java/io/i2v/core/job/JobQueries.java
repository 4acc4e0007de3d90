package io.i2v.core.job;

import io.i2v.core.config.I2vConfig;
import io.i2v.core.error.ErrorCode;
import io.i2v.core.queue.JobQueue;
import io.i2v.core.error.I2vException;
import io.i2v.core.storage.JobRepository;
import io.i2v.core.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads a job for callers, with a fresh download URL for a finished video. */
@ApplicationScoped
public class JobQueries {
    private final JobRepository jobs;
    private final ObjectStore store;
    private final I2vConfig.Intake limits;

    private final JobQueue queue;

    public JobQueries(JobRepository jobs, ObjectStore store, I2vConfig config, JobQueue queue) {
        this.jobs = jobs;
        this.queue = queue;
        this.store = store.forBucket(config.storage().resultsBucket().orElse(store.bucket()));
        this.limits = config.intake();
    }

    /** Any owner's job (internal callers: CLI, tests). */
    public JobStatus get(String jobId) {
        return get(jobId, null);
    }

    /** The job if {@code owner} may see it (null: anyone); another owner's job reads as not found. */
    public JobStatus get(String jobId, String owner) {
        if (!JobIds.valid(jobId)) {
            throw notFound(jobId);
        }
        JobStatus status = jobs.status(jobId).filter(s -> visibleTo(s, owner)).orElseThrow(() -> notFound(jobId));
        if (status.result() != null) {
            status = status.withResult(signed(status.result()));
        }
        if (status.results().size() > 1) {
            java.util.List<JobResult> signed = new java.util.ArrayList<>();
            for (JobResult r : status.results()) {
                signed.add(signed(r));
            }
            status = status.withResults(signed);
        }
        return status;
    }

    private JobResult signed(JobResult r) {
        String poster = r.posterKey() == null ? null : store.presignGet(r.posterKey(), limits.presignTtl()).toString();
        return r.withUrls(store.presignGet(r.videoKey(), limits.presignTtl()).toString(), poster);
    }

    /** The delivery logs of the job's webhook events (empty without a webhook). */
    public java.util.List<io.i2v.core.webhook.WebhookDelivery> webhookDeliveries(JobStatus status) {
        return status.webhookUrl() == null ? java.util.List.of() : jobs.webhookDeliveries(status.id());
    }

    /** The approximate queue position of a queued job, else null. */
    public Integer queuePosition(JobStatus status) {
        if (!(status.state() instanceof JobState.Queued)) {
            return null;
        }
        java.util.OptionalInt position = queue.position();
        return position.isPresent() ? position.getAsInt() : null;
    }

    /** Jobs without an owner (old records, S3/SQS intake) are visible to every API caller. */
    public static boolean visibleTo(JobStatus status, String owner) {
        return owner == null || status.owner() == null || owner.equals(status.owner());
    }

    private static I2vException notFound(String jobId) {
        return new I2vException(ErrorCode.JOB_NOT_FOUND, "no job with id " + jobId);
    }
}
