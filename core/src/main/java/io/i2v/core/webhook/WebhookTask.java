package io.i2v.core.webhook;

import java.time.Instant;

/**
 * One webhook delivery to make, as a message on the webhooks queue (version 1). {@code payload}
 * is the exact JSON body to send and sign; {@code webhookId} (the event id) stays the same over
 * every retry, so receivers can deduplicate.
 */
public record WebhookTask(
        int version, String jobId, String webhookId, String type, String url, String payload, Instant createdAt) {
    public static final int VERSION = 1;
}
