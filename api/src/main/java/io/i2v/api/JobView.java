package io.i2v.api;

import io.i2v.core.error.ErrorInfo;
import io.i2v.core.job.Interpretation;
import io.i2v.core.job.JobResult;
import io.i2v.core.job.JobState;
import io.i2v.core.job.JobStatus;
import io.i2v.core.webhook.WebhookDelivery;
import java.time.Instant;
import java.util.List;

/**
 * A job as the API shows it: the state flattened ({@code "state":"RUNNING","stage":"rendering"}),
 * internal checkpoints left out; a queued job shows its approximate queue position; {@code results}
 * only for a job that made one clip per image.
 */
public record JobView(String id, String state, String stage, Integer progress, String source, String prompt,
                      Interpretation interpretation, String timeline, List<String> messages, Integer creditsUsed,
                      JobResult result, List<JobResult> results, ErrorInfo error, Instant createdAt,
                      Instant updatedAt, String parentJobId, Integer queuePosition, Webhook webhook) {

    /** The job's webhook (its URL without the query, which may carry a receiver's secret) and delivery logs. */
    public record Webhook(String url, List<WebhookDelivery> deliveries) {
        static Webhook of(String url, List<WebhookDelivery> deliveries) {
            if (url == null) {
                return null;
            }
            int q = url.indexOf('?');
            return new Webhook(q < 0 ? url : url.substring(0, q) + "?…", deliveries);
        }
    }

    public static JobView of(JobStatus s) {
        return of(s, null, List.of());
    }

    /** {@code queuePosition}: approximate, for a queued job (null otherwise). */
    public static JobView of(JobStatus s, Integer queuePosition, List<WebhookDelivery> deliveries) {
        JobState st = s.state();
        String stage = st instanceof JobState.Running r ? r.stage().wire() : null;
        Integer progress = st instanceof JobState.Running r ? Integer.valueOf(r.progress())
                : st instanceof JobState.Succeeded ? Integer.valueOf(100) : null;
        ErrorInfo error = st instanceof JobState.Failed f ? f.error() : null;
        return new JobView(s.id(), st.name(), stage, progress, s.source().wire(), s.prompt(), s.interpretation(),
                s.timeline(), s.messages(), s.creditsUsed(), s.result(),
                s.results().size() > 1 ? s.results() : null, error, s.createdAt(), s.updatedAt(),
                s.parentJobId(), queuePosition, Webhook.of(s.webhookUrl(), deliveries));
    }
}
