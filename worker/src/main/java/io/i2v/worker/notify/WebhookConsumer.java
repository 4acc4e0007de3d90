package io.i2v.worker.notify;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.aws.sqs.SqsIncomingMetadata;
import io.smallrye.reactive.messaging.aws.sqs.fault.VisibilityTimeoutMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Delivers webhooks from the webhooks queue. A retry is the same message made visible again
 * after the schedule's wait (SQS allows up to 12 hours), so pending retries survive restarts.
 */
@ApplicationScoped
public class WebhookConsumer {
    public static final String CHANNEL = "webhooks";
    private static final long MAX_HIDE_SECONDS = 12 * 3600 - 60;
    private static final Logger LOG = Logger.getLogger(WebhookConsumer.class);

    private final WebhookSender sender;

    public WebhookConsumer(WebhookSender sender) {
        this.sender = sender;
    }

    @Incoming(CHANNEL)
    @Blocking(ordered = false)
    public CompletionStage<Void> consume(Message<String> message) {
        Optional<Duration> next;
        try {
            next = sender.attempt(
                    message.getPayload(),
                    message.getMetadata(SqsIncomingMetadata.class)
                            .map(m -> m.getMessage().messageId())
                            .orElse(null));
        } catch (Exception e) {
            LOG.errorf("webhook message not handled (%s); it will be tried again", e.getMessage());
            next = Optional.of(Duration.ofMinutes(5));
        }
        CompletionStage<Void> settled = next.isEmpty()
                ? message.ack()
                : message.nack(new RetryLater(), Metadata.of(new VisibilityTimeoutMetadata((int)
                        Math.max(1, Math.min(MAX_HIDE_SECONDS, next.get().toSeconds())))));
        return settled.exceptionally(e -> null);
    }

    static final class RetryLater extends RuntimeException {
        RetryLater() {
            super("webhook delivery will be retried", null, false, false);
        }
    }
}
