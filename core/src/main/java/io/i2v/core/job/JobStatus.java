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
 * {@code results}: every video of a job that made one clip per image, in image order (the first
 * is also {@code result}); empty for single-video jobs.
 */
public record JobStatus(int version, String id, JobSource source, JobState state, Instant createdAt,
                        Instant updatedAt, String prompt, Interpretation interpretation, String timeline,
                        List<String> messages, Integer creditsUsed, JobResult result, int attempts,
                        Map<String, String> checkpoints, String parentJobId, String owner,
                        String webhookUrl, List<JobResult> results) {
    public static final int VERSION = 1;

    public JobStatus {
        messages = messages == null ? List.of() : List.copyOf(messages);
        checkpoints = checkpoints == null ? Map.of() : Map.copyOf(new TreeMap<>(checkpoints));
        results = results == null ? List.of() : List.copyOf(results);
    }

    public static JobStatus queued(JobRequest request, Instant now) {
        return new JobStatus(VERSION, request.jobId(), request.source(), new JobState.Queued(), now, now,
                request.prompt(), null, null, List.of(), null, null, 0, Map.of(), request.parentJobId(),
                request.owner(), request.webhookUrl(), List.of());
    }

    /** A status for a job that failed before it could be queued (for example a bad S3 upload). */
    public static JobStatus rejected(JobRequest request, ErrorInfo error, Instant now) {
        return new JobStatus(VERSION, request.jobId(), request.source(), new JobState.Failed(error), now, now,
                request.prompt(), null, null, List.of(), null, null, 0, Map.of(), request.parentJobId(),
                request.owner(), request.webhookUrl(), List.of());
    }

    /** Moves to {@code next} if the transition table allows it. */
    public JobStatus to(JobState next, Instant now) {
        JobTransitions.check(state, next);
        return new JobStatus(version, id, source, next, createdAt, now, prompt, interpretation, timeline, messages,
                creditsUsed, result, attempts, checkpoints, parentJobId, owner, webhookUrl, results);
    }

    public JobStatus withAttempt() {
        return new JobStatus(version, id, source, state, createdAt, updatedAt, prompt, interpretation, timeline,
                messages, creditsUsed, result, attempts + 1, checkpoints, parentJobId, owner, webhookUrl, results);
    }

    public JobStatus withPlan(Interpretation interpretation, String timeline) {
        return new JobStatus(version, id, source, state, createdAt, updatedAt, prompt, interpretation, timeline,
                messages, creditsUsed, result, attempts, checkpoints, parentJobId, owner, webhookUrl, results);
    }

    public JobStatus withMessage(String message) {
        List<String> m = new ArrayList<>(messages);
        m.add(message);
        return new JobStatus(version, id, source, state, createdAt, updatedAt, prompt, interpretation, timeline, m,
                creditsUsed, result, attempts, checkpoints, parentJobId, owner, webhookUrl, results);
    }

    public JobStatus withResult(JobResult result) {
        return new JobStatus(version, id, source, state, createdAt, updatedAt, prompt, interpretation, timeline,
                messages, creditsUsed, result, attempts, checkpoints, parentJobId, owner, webhookUrl, results);
    }

    /** All videos of a one-clip-per-image job; the first becomes {@code result} too. */
    public JobStatus withResults(List<JobResult> all) {
        return new JobStatus(version, id, source, state, createdAt, updatedAt, prompt, interpretation, timeline,
                messages, creditsUsed, all.isEmpty() ? result : all.get(0), attempts, checkpoints, parentJobId, owner,
                webhookUrl, all);
    }

    public JobStatus withCreditsUsed(Integer creditsUsed) {
        return new JobStatus(version, id, source, state, createdAt, updatedAt, prompt, interpretation, timeline,
                messages, creditsUsed, result, attempts, checkpoints, parentJobId, owner, webhookUrl, results);
    }

    public JobStatus withCheckpoint(String step, String value) {
        Map<String, String> c = new TreeMap<>(checkpoints);
        c.put(step, value);
        return new JobStatus(version, id, source, state, createdAt, updatedAt, prompt, interpretation, timeline,
                messages, creditsUsed, result, attempts, c, parentJobId, owner, webhookUrl, results);
    }
}
