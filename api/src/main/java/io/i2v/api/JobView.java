package io.i2v.api;

import io.i2v.core.error.ErrorInfo;
import io.i2v.core.job.Interpretation;
import io.i2v.core.job.JobResult;
import io.i2v.core.job.JobState;
import io.i2v.core.job.JobStatus;
import java.time.Instant;
import java.util.List;

/**
 * A job as the API shows it: the state flattened ({@code "state":"RUNNING","stage":"rendering"}),
 * internal checkpoints left out; {@code results} only for a job that made one clip per image.
 */
public record JobView(String id, String state, String stage, Integer progress, String source, String prompt,
                      Interpretation interpretation, String timeline, List<String> messages, Integer creditsUsed,
                      JobResult result, List<JobResult> results, ErrorInfo error, Instant createdAt,
                      Instant updatedAt, String parentJobId) {

    public static JobView of(JobStatus s) {
        JobState st = s.state();
        String stage = st instanceof JobState.Running r ? r.stage().wire() : null;
        Integer progress = st instanceof JobState.Running r ? Integer.valueOf(r.progress())
                : st instanceof JobState.Succeeded ? Integer.valueOf(100) : null;
        ErrorInfo error = st instanceof JobState.Failed f ? f.error() : null;
        return new JobView(s.id(), st.name(), stage, progress, s.source().wire(), s.prompt(), s.interpretation(),
                s.timeline(), s.messages(), s.creditsUsed(), s.result(),
                s.results().size() > 1 ? s.results() : null, error, s.createdAt(), s.updatedAt(),
                s.parentJobId());
    }
}
