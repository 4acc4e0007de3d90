package io.i2v.core.job;

import java.util.List;

/** One page of a caller's jobs, newest first; {@code nextCursor} is null on the last page. */
public record JobPage(List<JobStatus> jobs, String nextCursor) {
    public JobPage {
        jobs = List.copyOf(jobs);
    }
}
