package io.i2v.core.event;

import io.i2v.core.error.ErrorInfo;
import io.i2v.core.job.JobResult;
import io.i2v.core.job.JobState;
import java.time.Instant;

/**
 * A notification on the events queue. {@code eventId} is stable ("{jobId}:{type}") so
 * receivers can drop duplicates of an at-least-once delivery.
 */
public record JobEvent(int version, String eventId, String type, String jobId, Instant at, JobState state,
                       JobResult result, ErrorInfo error) {
    public static final int VERSION = 1;
    public static final String QUEUED = "job.queued";
    public static final String STARTED = "job.started";
    public static final String SUCCEEDED = "job.succeeded";
    public static final String FAILED = "job.failed";
    public static final String CANCELED = "job.canceled";

    public static JobEvent of(String type, String jobId, JobState state, JobResult result, Instant at) {
        ErrorInfo error = state instanceof JobState.Failed f ? f.error() : null;
        return new JobEvent(VERSION, jobId + ":" + type, type, jobId, at, state, result, error);
    }
}
