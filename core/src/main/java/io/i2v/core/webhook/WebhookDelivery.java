package io.i2v.core.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The delivery log of one webhook event, kept with the job ({@code jobs/<id>/webhooks/<type>.json})
 * and shown in its status. {@code state}: {@code retrying}, {@code delivered} or {@code failed}.
 */
public record WebhookDelivery(
        String webhookId, String type, String state, List<Attempt> attempts, Instant nextAttemptAt) {
    public static final String RETRYING = "retrying";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";

    public WebhookDelivery {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }

    /** One attempt: the HTTP status the receiver answered, or why there was none. */
    public record Attempt(Instant at, Integer status, String error, long millis) {}

    public static WebhookDelivery start(WebhookTask task) {
        return new WebhookDelivery(task.webhookId(), task.type(), RETRYING, List.of(), null);
    }

    public WebhookDelivery with(Attempt attempt, String state, Instant nextAttemptAt) {
        List<Attempt> all = new ArrayList<>(attempts);
        all.add(attempt);
        return new WebhookDelivery(webhookId, type, state, all, nextAttemptAt);
    }
}
