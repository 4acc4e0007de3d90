package io.i2v.worker.consume;

import io.smallrye.reactive.messaging.aws.sqs.SqsIncomingMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** How often SQS has handed out a message (its ApproximateReceiveCount), this time included. */
final class Deliveries {
    private Deliveries() {}

    static int of(Message<?> message) {
        return message.getMetadata(SqsIncomingMetadata.class)
                .map(m -> m.getMessage().attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                .map(Integer::parseInt)
                .orElse(1);
    }
}
