package io.i2v.core.queue;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Sends one message with string attributes; an SQS failure becomes {@code queue_unavailable} (retryable). */
@ApplicationScoped
public class QueueSender {
    private final SqsClient sqs;
    private final QueueUrls urls;

    public QueueSender(SqsClient sqs, QueueUrls urls) {
        this.sqs = sqs;
        this.urls = urls;
    }

    public void send(String queue, String body, Map<String, String> attributes, String what) {
        send(queue, body, attributes, what, null, null);
    }

    /**
     * Sends to a FIFO queue ({@code .fifo}) in {@code group}, where SQS drops a second message with
     * the same {@code deduplicationId} (up to 128 characters) for five minutes; to a standard
     * queue both are ignored.
     */
    public void send(
            String queue,
            String body,
            Map<String, String> attributes,
            String what,
            String group,
            String deduplicationId) {
        Map<String, MessageAttributeValue> attrs = new LinkedHashMap<>();
        attributes.forEach((k, v) -> attrs.put(
                k,
                MessageAttributeValue.builder()
                        .dataType("String")
                        .stringValue(v)
                        .build()));
        boolean fifo = queue.endsWith(".fifo");
        try {
            sqs.sendMessage(b -> {
                b.queueUrl(urls.url(queue)).messageBody(body).messageAttributes(attrs);
                if (fifo) {
                    b.messageGroupId(group).messageDeduplicationId(deduplicationId);
                }
            });
        } catch (SdkException e) {
            throw new I2vException(
                    ErrorCode.QUEUE_UNAVAILABLE,
                    "could not send " + what + ": " + e.getClass().getSimpleName(),
                    e);
        }
    }

    /** The approximate number of messages waiting (visible) in {@code queue}; empty when SQS cannot tell. */
    public OptionalInt waiting(String queue) {
        try {
            String n = sqs.getQueueAttributes(b -> b.queueUrl(urls.url(queue))
                            .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    .attributes()
                    .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
            return n == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(n));
        } catch (SdkException | I2vException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
