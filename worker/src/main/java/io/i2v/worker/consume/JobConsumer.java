package io.i2v.worker.consume;

import io.i2v.worker.backend.Backends;
import io.i2v.worker.config.WorkerConfig;
import io.i2v.worker.job.JobProcessor;
import io.i2v.worker.job.Outcome;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.aws.sqs.SqsIncomingMetadata;
import io.smallrye.reactive.messaging.aws.sqs.fault.VisibilityTimeoutMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Takes job messages off the jobs queue, keeping each invisible while its job runs
 * ({@link VisibilityHeartbeat}). A message is deleted only when its job is terminal;
 * a transient failure makes it visible again after a backoff (the connector's "visibility"
 * failure strategy), and the queue's redrive policy moves it to the dead-letter queue at last.
 * Every job runs on its own and settles its own message: many at once with the cloud backend,
 * one at a time with the local renderer.
 */
@ApplicationScoped
public class JobConsumer {
    public static final String CHANNEL = "jobs";
    private static final Logger LOG = Logger.getLogger(JobConsumer.class);

    private final JobProcessor processor;
    private final VisibilityHeartbeat heartbeat;
    private final GracefulShutdown shutdown;
    private final Semaphore slots;
    private final long retryBackoffSeconds;

    public JobConsumer(
            JobProcessor processor,
            VisibilityHeartbeat heartbeat,
            Backends backends,
            WorkerConfig config,
            GracefulShutdown shutdown) {
        this.processor = processor;
        this.heartbeat = heartbeat;
        this.shutdown = shutdown;
        this.slots = new Semaphore(backends.slots());
        this.retryBackoffSeconds = Math.max(1, config.retryBackoff().toSeconds());
    }

    /**
     * Starts the message's job and returns: the job settles its message when it ends, and this
     * thread goes back for the next message at once. It waits only while the worker already runs
     * as many jobs as its backend allows ({@link Backends#slots()}); a message waiting for a slot
     * is kept invisible meanwhile, like one whose job runs.
     */
    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        int deliveries = Deliveries.of(message);
        Optional<String> receipt = message.getMetadata(SqsIncomingMetadata.class)
                .map(m -> m.getMessage().receiptHandle());
        if (shutdown.stopping()) {
            receipt.ifPresent(shutdown::hold); // handed back once the connector has stopped polling
            return CompletableFuture.completedFuture(null);
        }
        Optional<ScheduledFuture<?>> beat = receipt.map(heartbeat::keepInvisible);
        slots.acquireUninterruptibly();
        shutdown.jobStarted();
        CompletionStage<Outcome> running;
        try {
            running = processor.process(message.getPayload(), deliveries);
        } catch (RuntimeException e) {
            running = CompletableFuture.failedFuture(e);
        }
        running.whenComplete((outcome, e) -> {
            beat.ifPresent(b -> b.cancel(false));
            slots.release();
            shutdown.jobEnded();
            if (e != null) {
                LOG.errorf(e, "job message not processed (delivery %d); it returns to the queue", deliveries);
            }
            settle(message, e == null ? outcome : Outcome.RETRY, deliveries, receipt);
        });
        return CompletableFuture.completedFuture(null);
    }

    private CompletionStage<Void> settle(
            Message<String> message, Outcome outcome, int deliveries, Optional<String> receipt) {
        if (outcome == Outcome.RELEASE) {
            receipt.ifPresent(shutdown::hold);
            return CompletableFuture.completedFuture(null);
        }
        if (outcome == Outcome.LEAVE) {
            return CompletableFuture.completedFuture(null);
        }
        CompletionStage<Void> settled = outcome == Outcome.DONE
                ? message.ack()
                : message.nack(new RetryLater(), Metadata.of(new VisibilityTimeoutMetadata(backoff(deliveries))));
        // a failed delete or visibility change must not end the subscription (the connector would stop
        // consuming); the message simply comes back and its job's state decides what happens then
        return settled.exceptionally(e -> {
            LOG.warnf("job message could not be settled (%s); it will be delivered again", e.getMessage());
            return null;
        });
    }

    /** {@code retryBackoff} (10 s), doubled per delivery: 10 s, 20 s, 40 s, … capped at 5 minutes. */
    int backoff(int deliveries) {
        return backoffSeconds(retryBackoffSeconds, deliveries);
    }

    static int backoffSeconds(long base, int deliveries) {
        return (int) Math.min(300, base << Math.min(10, Math.max(0, deliveries - 1)));
    }

    static final class RetryLater extends RuntimeException {
        RetryLater() {
            super("job will be retried", null, false, false);
        }
    }
}
