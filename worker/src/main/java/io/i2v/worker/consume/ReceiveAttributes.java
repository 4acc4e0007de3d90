package io.i2v.worker.consume;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.aws.sqs.SqsReceiveMessageRequestCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/** Asks SQS for the receive count (attempt numbering) and all message attributes. */
@ApplicationScoped
@Identifier(ReceiveAttributes.ID)
public class ReceiveAttributes implements SqsReceiveMessageRequestCustomizer {
    public static final String ID = "i2v-jobs-receive";

    @Override
    public void customize(ReceiveMessageRequest.Builder builder) {
        builder.messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                .messageAttributeNames("All");
    }
}
