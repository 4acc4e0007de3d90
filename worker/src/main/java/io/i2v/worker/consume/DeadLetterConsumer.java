package io.i2v.worker.consume;

import io.i2v.worker.job.DeadLetters;
import io.i2v.worker.job.Outcome;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.aws.sqs.fault.VisibilityTimeoutMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Reads the jobs dead-letter queue and fails the jobs found there ({@link DeadLetters}). A
 * message it cannot attribute to a job stays in that queue, hidden for 12 hours at a time.
 */
@ApplicationScoped
public class DeadLetterConsumer {
    public static final String CHANNEL = "dead-jobs";
    private static final int KEEP_HIDDEN_SECONDS = 12 * 3600;
    private static final Logger LOG = Logger.getLogger(DeadLetterConsumer.class);

    private final DeadLetters deadLetters;

    public DeadLetterConsumer(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        Outcome outcome;
        try {
            outcome = deadLetters.settle(message.getPayload(), Deliveries.of(message));
        } catch (RuntimeException e) {
            LOG.errorf(e, "dead-lettered job message not settled; it stays in the dead-letter queue");
            outcome = Outcome.RETRY;
        }
        CompletionStage<Void> settled = outcome == Outcome.DONE
                ? message.ack()
                : message.nack(
                        new JobConsumer.RetryLater(), Metadata.of(new VisibilityTimeoutMetadata(KEEP_HIDDEN_SECONDS)));
        return settled.exceptionally(e -> null);
    }
}
