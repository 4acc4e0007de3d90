package io.i2v.core.event;

import io.i2v.core.error.ErrorInfo;
import io.i2v.core.job.JobResult;
import io.i2v.core.job.JobState;
import java.time.Instant;

/**
 * A notification on the events queue. {@code eventId} is stable ("{jobId}:{type}", for progress
 * also stage and percent) so receivers can drop duplicates of an at-least-once delivery.
 */
public record JobEvent(
        int version,
        String eventId,
        String type,
        String jobId,
        Instant at,
        JobState state,
        JobResult result,
        ErrorInfo error) {
    public static final int VERSION = 1;
    public static final String QUEUED = "job.queued";
    public static final String STARTED = "job.started";
    public static final String SUCCEEDED = "job.succeeded";
    public static final String FAILED = "job.failed";
    public static final String CANCELED = "job.canceled";
    public static final String PROGRESS = "job.progress";

    public static JobEvent of(String type, String jobId, JobState state, JobResult result, Instant at) {
        ErrorInfo error = state instanceof JobState.Failed f ? f.error() : null;
        return new JobEvent(VERSION, jobId + ":" + type, type, jobId, at, state, result, error);
    }

    /**
     * A progress notification; its id names the stage and percent ("{jobId}:job.progress:rendering:40"),
     * so a redelivery deduplicates while distinct steps do not.
     */
    public static JobEvent progress(String jobId, JobState.Running state, Instant at) {
        return new JobEvent(
                VERSION,
                jobId + ":" + PROGRESS + ":" + state.stage().wire() + ":" + state.progress(),
                PROGRESS,
                jobId,
                at,
                state,
                null,
                null);
    }
}
