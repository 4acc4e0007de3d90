package io.i2v.worker.consume;

import io.i2v.worker.job.JobProcessor;
import io.i2v.worker.job.Outcome;
import io.smallrye.reactive.messaging.aws.sqs.SqsIncomingMetadata;
import io.smallrye.reactive.messaging.aws.sqs.fault.VisibilityTimeoutMetadata;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Takes job messages off the jobs queue. A message is deleted only when its job is terminal;
 * a transient failure makes it visible again after a backoff (the connector's "visibility"
 * failure strategy), and the queue's redrive policy moves it to the dead-letter queue at last.
 */
@ApplicationScoped
public class JobConsumer {
    public static final String CHANNEL = "jobs";
    private static final Logger LOG = Logger.getLogger(JobConsumer.class);

    private final JobProcessor processor;

    public JobConsumer(JobProcessor processor) {
        this.processor = processor;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        int deliveries = deliveries(message);
        Outcome outcome;
        try {
            outcome = processor.process(message.getPayload(), deliveries);
        } catch (RuntimeException e) {
            LOG.errorf(e, "job message not processed (delivery %d); it returns to the queue", deliveries);
            outcome = Outcome.RETRY;
        }
        if (outcome == Outcome.DONE) {
            return message.ack();
        }
        return message.nack(new RetryLater(), Metadata.of(new VisibilityTimeoutMetadata(backoffSeconds(deliveries))));
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
