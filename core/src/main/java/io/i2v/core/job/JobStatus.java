package io.i2v.core.job;

import io.i2v.core.error.ErrorInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The job's status document, {@code jobs/<id>/status.json}: the single source of truth for
 * callers. {@code checkpoints} records finished steps so a redelivered job resumes.
 * {@code results}: every video of a job that made one clip per image, in image order (the first
 * is also {@code result}); empty for single-video jobs.
 */
public record JobStatus(
        int version,
        String id,
        JobSource source,
        JobState state,
        Instant createdAt,
        Instant updatedAt,
        String prompt,
        Interpretation interpretation,
        String timeline,
        List<String> messages,
        Integer creditsUsed,
        JobResult result,
        int attempts,
        Map<String, String> checkpoints,
        String parentJobId,
        String owner,
        String webhookUrl,
        List<JobResult> results) {
    public static final int VERSION = 1;

    public JobStatus {
        messages = messages == null ? List.of() : List.copyOf(messages);
        checkpoints = checkpoints == null ? Map.of() : Map.copyOf(new TreeMap<>(checkpoints));
        results = results == null ? List.of() : List.copyOf(results);
    }

    public static JobStatus queued(JobRequest request, Instant now) {
        return new JobStatus(
                VERSION,
                request.jobId(),
                request.source(),
                new JobState.Queued(),
                now,
                now,
                request.prompt(),
                null,
                null,
                List.of(),
                null,
                null,
                0,
                Map.of(),
                request.parentJobId(),
                request.owner(),
                request.webhookUrl(),
                List.of());
    }

    /** A status for a job that failed before it could be queued (for example a bad S3 upload). */
    public static JobStatus rejected(JobRequest request, ErrorInfo error, Instant now) {
        return new JobStatus(
                VERSION,
                request.jobId(),
                request.source(),
                new JobState.Failed(error),
                now,
                now,
                request.prompt(),
                null,
                null,
                List.of(),
                null,
                null,
                0,
                Map.of(),
                request.parentJobId(),
                request.owner(),
                request.webhookUrl(),
                List.of());
    }

    /** Moves to {@code next} if the transition table allows it. */
    public JobStatus to(JobState next, Instant now) {
        JobTransitions.check(state, next);
        return with(d -> {
            d.state = next;
            d.updatedAt = now;
        });
    }

    /**
     * The one way to derive a changed copy: {@code edit} changes a draft holding every component,
     * and the copy is made from it (no other method lists the components again).
     */
    public JobStatus with(Consumer<Draft> edit) {
        Draft d = new Draft(this);
        edit.accept(d);
        return d.build();
    }

    public JobStatus withAttempt() {
        return with(d -> d.attempts++);
    }

    public JobStatus withPlan(Interpretation interpretation, String timeline) {
        return with(d -> {
            d.interpretation = interpretation;
            d.timeline = timeline;
        });
    }

    public JobStatus withMessage(String message) {
        return with(d -> d.messages.add(message));
    }

    public JobStatus withResult(JobResult result) {
        return with(d -> d.result = result);
    }

    /** All videos of a one-clip-per-image job; the first becomes {@code result} too. */
    public JobStatus withResults(List<JobResult> all) {
        return with(d -> {
            d.results = new ArrayList<>(all);
            d.result = all.isEmpty() ? d.result : all.get(0);
        });
    }

    public JobStatus withCreditsUsed(Integer creditsUsed) {
        return with(d -> d.creditsUsed = creditsUsed);
    }

    public JobStatus withCheckpoint(String step, String value) {
        return with(d -> d.checkpoints.put(step, value));
    }

    /** A status under change; see {@link #with}. */
    public static final class Draft {
        public JobState state;
        public Instant updatedAt;
        public Interpretation interpretation;
        public String timeline;
        public final List<String> messages;
        public Integer creditsUsed;
        public JobResult result;
        public int attempts;
        public final Map<String, String> checkpoints;
        public List<JobResult> results;
        private final JobStatus from;

        private Draft(JobStatus s) {
            from = s;
            state = s.state;
            updatedAt = s.updatedAt;
            interpretation = s.interpretation;
            timeline = s.timeline;
            messages = new ArrayList<>(s.messages);
            creditsUsed = s.creditsUsed;
            result = s.result;
            attempts = s.attempts;
            checkpoints = new TreeMap<>(s.checkpoints);
            results = s.results;
        }

        private JobStatus build() {
            return new JobStatus(
                    from.version,
                    from.id,
                    from.source,
                    state,
                    from.createdAt,
                    updatedAt,
                    from.prompt,
                    interpretation,
                    timeline,
                    messages,
                    creditsUsed,
                    result,
                    attempts,
                    checkpoints,
                    from.parentJobId,
                    from.owner,
                    from.webhookUrl,
                    results);
        }
    }
}
