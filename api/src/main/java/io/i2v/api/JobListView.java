package io.i2v.api;

import io.i2v.core.job.JobPage;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of {@code GET /v1/jobs}. */
@Schema(name = "JobList", description = "A page of the caller's jobs, newest first.")
public record JobListView(
        @Schema(
                required = true,
                description = "The jobs, newest first, each as GET /v1/jobs/{id} shows it "
                        + "(without queuePosition and webhook delivery logs)")
        List<JobView> jobs,

        @Schema(
                description = "Pass as cursor for the next page; absent on the last page. A page may hold fewer "
                        + "jobs than limit (filters) while more follow.",
                examples = "MDAwMDAxNzY0NjYxMjAwLmpvYl9hYWFh")
        String nextCursor) {

    static JobListView of(JobPage page) {
        return new JobListView(page.jobs().stream().map(JobView::of).toList(), page.nextCursor());
    }
}
