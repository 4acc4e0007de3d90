package io.i2v.core.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.config.I2vConfig;
import io.i2v.core.queue.QueueSender;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** Publishes job events to the events queue, with the type and event id as message attributes. */
@ApplicationScoped
public class EventPublisher {
    public static final String ATTR_TYPE = "i2v-event-type";
    public static final String ATTR_EVENT_ID = "i2v-event-id";

    private final QueueSender sender;
    private final String queue;
    private final ObjectMapper json;

    public EventPublisher(QueueSender sender, I2vConfig config, ObjectMapper json) {
        this.sender = sender;
        this.queue = config.queues().events();
        this.json = json;
    }

    public void publish(JobEvent event) {
        try {
            sender.send(queue, json.writeValueAsString(event), Map.of(ATTR_TYPE, event.type(), ATTR_EVENT_ID,
                    event.eventId()), event.type() + " event");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
