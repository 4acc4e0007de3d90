package io.i2v.core.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The delivery log of one webhook event, kept with the job ({@code jobs/<id>/webhooks/<type>.json})
 * and shown in its status. {@code state}: {@code retrying}, {@code delivered} or {@code failed}.
 * {@code driver} is the id of the queue message that makes the attempts: the outbox may put a copy
 * of a task on the queue, and a copy that finds another message driving the delivery drops out, so
 * a receiver is not called twice at once and no attempt is lost from the log. It is internal and
 * not shown in a job's status ({@link #shown()}).
 */
public record WebhookDelivery(
        String webhookId,
        String type,
        String state,
        List<Attempt> attempts,
        Instant nextAttemptAt,

        @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(hidden = true)
        String driver) {
    public static final String RETRYING = "retrying";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";

    public WebhookDelivery {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }

    /** One attempt: the HTTP status the receiver answered, or why there was none. */
    public record Attempt(Instant at, Integer status, String error, long millis) {}

    public static WebhookDelivery start(WebhookTask task, String driver) {
        return new WebhookDelivery(task.webhookId(), task.type(), RETRYING, List.of(), null, driver);
    }

    public boolean finished() {
        return !RETRYING.equals(state);
    }

    public WebhookDelivery drivenBy(String message) {
        return new WebhookDelivery(webhookId, type, state, attempts, nextAttemptAt, message);
    }

    public WebhookDelivery with(Attempt attempt, String state, Instant nextAttemptAt) {
        List<Attempt> all = new ArrayList<>(attempts);
        all.add(attempt);
        return new WebhookDelivery(webhookId, type, state, all, nextAttemptAt, driver);
    }

    /** The log as a job's status shows it: without the internal driver. */
    public WebhookDelivery shown() {
        return drivenBy(null);
    }
}
