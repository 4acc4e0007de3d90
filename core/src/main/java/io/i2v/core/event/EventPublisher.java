package io.i2v.core.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.config.I2vConfig;
import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.queue.QueueUrls;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** Publishes job events to the events queue, with the type and event id as message attributes. */
@ApplicationScoped
public class EventPublisher {
    public static final String ATTR_TYPE = "i2v-event-type";
    public static final String ATTR_EVENT_ID = "i2v-event-id";

    private final SqsClient sqs;
    private final QueueUrls urls;
    private final String queue;
    private final ObjectMapper json;

    public EventPublisher(SqsClient sqs, QueueUrls urls, I2vConfig config, ObjectMapper json) {
        this.sqs = sqs;
        this.urls = urls;
        this.queue = config.queues().events();
        this.json = json;
    }

    public void publish(JobEvent event) {
        String body;
        try {
            body = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try {
            sqs.sendMessage(b -> b.queueUrl(urls.url(queue)).messageBody(body).messageAttributes(Map.of(
                    ATTR_TYPE, attr(event.type()), ATTR_EVENT_ID, attr(event.eventId()))));
        } catch (SdkException e) {
            throw new I2vException(ErrorCode.QUEUE_UNAVAILABLE, "could not publish " + event.type() + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private static MessageAttributeValue attr(String v) {
        return MessageAttributeValue.builder().dataType("String").stringValue(v).build();
    }
}
