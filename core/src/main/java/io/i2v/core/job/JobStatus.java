package io.i2v.core.job;

import io.i2v.core.error.ErrorInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The job's status document, {@code jobs/<id>/status.json}: the single source of truth for
 * callers. {@code checkpoints} records finished steps so a redelivered job resumes.
 */
public record JobStatus(int version, String id, JobSource source, JobState state, Instant createdAt,
                        Instant updatedAt, String prompt, Interpretation interpretation, String timeline,
                        List<String> messages, Integer creditsUsed, JobResult result, int attempts,
                        Map<String, String> checkpoints, String parentJobId, String owner) {
    public static final int VERSION = 1;

    public JobStatus {
        messages = messages == null ? List.of() : List.copyOf(messages);
        checkpoints = checkpoints == null ? Map.of() : Map.copyOf(new TreeMap<>(checkpoints));
    }

    public static JobStatus queued(JobRequest request, Instant now) {
        return new JobStatus(VERSION, request.jobId(), request.source(), new JobState.Queued(), now, now,
                request.prompt(), null, null, List.of(), null, null, 0, Map.of(), request.parentJobId(),
                request.owner());
    }

    /** A status for a job that failed before it could be queued (for example a bad S3 upload). */
    public static JobStatus rejected(JobRequest request, ErrorInfo error, Instant now) {
        return new JobStatus(VERSION, request.jobId(), request.source(), new JobState.Failed(error), now, now,
                request.prompt(), null, null, List.of(), null, null, 0, Map.of(), request.parentJobId(),
                request.owner());
    }

    /** Moves to {@code next} if the transition table allows it. */
    public JobStatus to(JobState next, Instant now) {
        JobTransitions.check(state, next);
        return new JobStatus(version, id, source, next, createdAt, now, prompt, interpretation, timeline, messages,
                creditsUsed, result, attempts, checkpoints, parentJobId, owner);
    }

    public JobStatus withAttempt() {
        return new JobStatus(version, id, source, state, createdAt, updatedAt, prompt, interpretation, timeline,
                messages, creditsUsed, result, attempts + 1, checkpoints, parentJobId, owner);
    }

    public JobStatus withPlan(Interpretation interpretation, String timeline) {
        return new JobStatus(version, id, source, state, createdAt, updatedAt, prompt, interpretation, timeline,
                messages, creditsUsed, result, attempts, checkpoints, parentJobId, owner);
    }

    public JobStatus withMessage(String message) {
        List<String> m = new ArrayList<>(messages);
        m.add(message);
        return new JobStatus(version, id, source, state, createdAt, updatedAt, prompt, interpretation, timeline, m,
                creditsUsed, result, attempts, checkpoints, parentJobId, owner);
    }

    public JobStatus withResult(JobResult result) {
        return new JobStatus(version, id, source, state, createdAt, updatedAt, prompt, interpretation, timeline,
                messages, creditsUsed, result, attempts, checkpoints, parentJobId, owner);
    }

    public JobStatus withCreditsUsed(Integer creditsUsed) {
        return new JobStatus(version, id, source, state, createdAt, updatedAt, prompt, interpretation, timeline,
                messages, creditsUsed, result, attempts, checkpoints, parentJobId, owner);
    }

    public JobStatus withCheckpoint(String step, String value) {
        Map<String, String> c = new TreeMap<>(checkpoints);
        c.put(step, value);
        return new JobStatus(version, id, source, state, createdAt, updatedAt, prompt, interpretation, timeline,
                messages, creditsUsed, result, attempts, c, parentJobId, owner);
    }
}
