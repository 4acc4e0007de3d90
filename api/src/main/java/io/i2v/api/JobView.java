package io.i2v.api;

import io.i2v.core.error.ErrorInfo;
import io.i2v.core.job.Interpretation;
import io.i2v.core.job.JobResult;
import io.i2v.core.job.JobState;
import io.i2v.core.job.JobStatus;
import io.i2v.core.webhook.WebhookDelivery;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A job as the API shows it: the state flattened ({@code "state":"RUNNING","stage":"rendering"}),
 * internal checkpoints left out; a queued job shows its approximate queue position; {@code results}
 * only for a job that made one clip per image.
 */
@Schema(name = "Job", description = "A job's status document.")
public record JobView(
        @Schema(required = true, examples = "job_aaaaaaaaaaaaaaaaaaaaaaaaaa", description = "Server-assigned, URL-safe")
        String id,

        @Schema(
                required = true,
                enumeration = {"QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED"})
        String state,

        @Schema(
                description = "While RUNNING: what is happening",
                enumeration = {"preparing", "uploading", "generating", "exporting", "rendering", "storing"})
        String stage,

        @Schema(minimum = "0", maximum = "100", description = "Percent, while RUNNING (100 once SUCCEEDED)")
        Integer progress,

        @Schema(
                required = true,
                enumeration = {"http", "s3", "sqs"},
                description = "How the job came in")
        String source,

        @Schema(description = "The instruction as accepted") String prompt,

        @Schema(description = "What was understood of the instruction and what was not")
        Interpretation interpretation,

        @Schema(description = "A summary of the rendered timeline")
        String timeline,

        @Schema(description = "Messages from the backend meant for people")
        List<String> messages,

        @Schema(description = "Credits the cloud backend used (approximate)")
        Integer creditsUsed,

        @Schema(description = "On success: the (first) video")
        JobResult result,

        @Schema(description = "One clip per image: every video, in image order")
        List<JobResult> results,

        @Schema(description = "On failure: a stable code, a message, whether a retry may help")
        ErrorInfo error,

        @Schema(required = true) Instant createdAt,
        @Schema(required = true) Instant updatedAt,

        @Schema(description = "For an edit: the job it edits")
        String parentJobId,

        @Schema(description = "While QUEUED: approximately how many jobs wait in the queue")
        Integer queuePosition,

        @Schema(description = "The job's webhook and its delivery log")
        Webhook webhook) {

    /** The job's webhook (its URL without the query, which may carry a receiver's secret) and delivery logs. */
    @Schema(name = "JobWebhook")
    public record Webhook(
            @Schema(description = "The receiver's URL without its query")
            String url,

            List<WebhookDelivery> deliveries) {
        static Webhook of(String url, List<WebhookDelivery> deliveries) {
            if (url == null) {
                return null;
            }
            int q = url.indexOf('?');
            return new Webhook(
                    q < 0 ? url : url.substring(0, q) + "?…",
                    deliveries.stream().map(WebhookDelivery::shown).toList());
        }
    }

    public static JobView of(JobStatus s) {
        return of(s, null, List.of());
    }

    /** {@code queuePosition}: approximate, for a queued job (null otherwise). */
    public static JobView of(JobStatus s, Integer queuePosition, List<WebhookDelivery> deliveries) {
        JobState st = s.state();
        String stage = st instanceof JobState.Running r ? r.stage().wire() : null;
        Integer progress = st instanceof JobState.Running r
                ? Integer.valueOf(r.progress())
                : st instanceof JobState.Succeeded ? Integer.valueOf(100) : null;
        ErrorInfo error = st instanceof JobState.Failed f ? f.error() : null;
        return new JobView(
                s.id(),
                st.name(),
                stage,
                progress,
                s.source().wire(),
                s.prompt(),
                s.interpretation(),
                s.timeline(),
                s.messages(),
                s.creditsUsed(),
                s.result(),
                s.results().size() > 1 ? s.results() : null,
                error,
                s.createdAt(),
                s.updatedAt(),
                s.parentJobId(),
                queuePosition,
                Webhook.of(s.webhookUrl(), deliveries));
    }
}
