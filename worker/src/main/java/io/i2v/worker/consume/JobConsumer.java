package io.i2v.worker.consume;

import io.i2v.worker.backend.AsyncVideoBackend;
import io.i2v.worker.backend.Backends;
import io.i2v.worker.config.WorkerConfig;
import io.i2v.worker.job.JobProcessor;
import io.i2v.worker.job.Outcome;
import io.smallrye.reactive.messaging.aws.sqs.SqsIncomingMetadata;
import io.smallrye.reactive.messaging.aws.sqs.fault.VisibilityTimeoutMetadata;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ScheduledFuture;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Takes job messages off the jobs queue, keeping each invisible while its job runs
 * ({@link VisibilityHeartbeat}). A message is deleted only when its job is terminal;
 * a transient failure makes it visible again after a backoff (the connector's "visibility"
 * failure strategy), and the queue's redrive policy moves it to the dead-letter queue at last.
 */
@ApplicationScoped
public class JobConsumer {
    public static final String CHANNEL = "jobs";
    private static final Logger LOG = Logger.getLogger(JobConsumer.class);

    private final JobProcessor processor;
    private final VisibilityHeartbeat heartbeat;
    private final Backends backends;
    private final Semaphore cloudSlots;

    public JobConsumer(JobProcessor processor, VisibilityHeartbeat heartbeat, Backends backends,
                       WorkerConfig config) {
        this.processor = processor;
        this.heartbeat = heartbeat;
        this.backends = backends;
        this.cloudSlots = new Semaphore(Math.max(1, config.nemo().maxInFlight()));
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        int deliveries = deliveries(message);
        if (threadFree()) {
            return consumeAsync(message, deliveries);
        }
        Optional<ScheduledFuture<?>> beat = message.getMetadata(SqsIncomingMetadata.class)
                .map(m -> heartbeat.keepInvisible(m.getMessage().receiptHandle()));
        Outcome outcome;
        try {
            outcome = processor.process(message.getPayload(), deliveries);
        } catch (RuntimeException e) {
            LOG.errorf(e, "job message not processed (delivery %d); it returns to the queue", deliveries);
            outcome = Outcome.RETRY;
        } finally {
            beat.ifPresent(b -> b.cancel(false));
        }
        return settle(message, outcome, deliveries);
    }

    /**
     * A backend that waits without a thread: the job runs on its own and settles its message when
     * it ends; this thread goes back for the next message at once, and waits only while the
     * worker already holds its limit of cloud jobs ({@code i2v.worker.nemo.max-in-flight}).
     */
    private CompletionStage<Void> consumeAsync(Message<String> message, int deliveries) {
        cloudSlots.acquireUninterruptibly();
        Optional<ScheduledFuture<?>> beat = message.getMetadata(SqsIncomingMetadata.class)
                .map(m -> heartbeat.keepInvisible(m.getMessage().receiptHandle()));
        CompletionStage<Outcome> running;
        try {
            running = processor.processAsync(message.getPayload(), deliveries);
        } catch (RuntimeException e) {
            running = CompletableFuture.failedFuture(e);
        }
        running.whenComplete((outcome, e) -> {
            beat.ifPresent(b -> b.cancel(false));
            cloudSlots.release();
            if (e != null) {
                LOG.errorf(e, "job message not processed (delivery %d); it returns to the queue", deliveries);
            }
            settle(message, e == null ? outcome : Outcome.RETRY, deliveries);
        });
        return CompletableFuture.completedFuture(null);
    }

    private boolean threadFree() {
        try {
            return backends.selected() instanceof AsyncVideoBackend;
        } catch (RuntimeException e) {
            return false; // the processor fails the job with the reason
        }
    }

    private CompletionStage<Void> settle(Message<String> message, Outcome outcome, int deliveries) {
        CompletionStage<Void> settled = outcome == Outcome.DONE ? message.ack()
                : message.nack(new RetryLater(), Metadata.of(new VisibilityTimeoutMetadata(backoffSeconds(deliveries))));
        // a failed delete or visibility change must not end the subscription (the connector would stop
        // consuming); the message simply comes back and its job's state decides what happens then
        return settled.exceptionally(e -> {
            LOG.warnf("job message could not be settled (%s); it will be delivered again", e.getMessage());
            return null;
        });
    }

    /** 10 s, 20 s, 40 s, … capped at 5 minutes. */
    static int backoffSeconds(int deliveries) {
        return (int) Math.min(300, 10L << Math.min(10, Math.max(0, deliveries - 1)));
    }

    private static int deliveries(Message<String> message) {
        return message.getMetadata(SqsIncomingMetadata.class)
                .map(m -> m.getMessage().attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                .map(Integer::parseInt)
                .orElse(1);
    }

    static final class RetryLater extends RuntimeException {
        RetryLater() {
            super("job will be retried", null, false, false);
        }
    }
}
