package io.i2v.core.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.config.I2vConfig;
import io.i2v.core.job.JobLedger;
import io.i2v.core.queue.QueueSender;
import io.i2v.core.webhook.WebhookOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Publishes job events to the events queue (FIFO: one message group per job, deduplicated by the
 * event id), with the type and event id as message attributes,
 * and hands lifecycle events of jobs with a webhook URL to the {@link WebhookOutbox}. Only the
 * {@link JobLedger} calls it, once per event id.
 */
@ApplicationScoped
public class EventPublisher implements JobLedger.Events {
    public static final String ATTR_TYPE = "i2v-event-type";
    public static final String ATTR_EVENT_ID = "i2v-event-id";

    private static final Logger LOG = Logger.getLogger(EventPublisher.class);

    private final QueueSender sender;
    private final String queue;
    private final ObjectMapper json;
    private final WebhookOutbox webhooks;

    @Inject
    public EventPublisher(QueueSender sender, I2vConfig config, ObjectMapper json, WebhookOutbox webhooks) {
        this(sender, config.queues().events(), json, webhooks);
    }

    /** Publishing to {@code queue} (a name or URL). */
    public EventPublisher(QueueSender sender, String queue, ObjectMapper json, WebhookOutbox webhooks) {
        this.sender = sender;
        this.queue = queue;
        this.json = json;
        this.webhooks = webhooks;
    }

    @Override
    public void publish(JobEvent event, String webhookUrl) {
        try {
            // a FIFO events queue keeps a job's events in order and drops a second copy of one
            sender.send(
                    queue,
                    json.writeValueAsString(event),
                    Map.of(ATTR_TYPE, event.type(), ATTR_EVENT_ID, event.eventId()),
                    event.type() + " event",
                    event.jobId(),
                    event.eventId());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (webhookUrl != null && WebhookOutbox.delivers(event)) {
            try {
                webhooks.enqueue(event, webhookUrl);
            } catch (RuntimeException e) {
                LOG.errorf("job %s: %s webhook not queued: %s", event.jobId(), event.type(), e.getMessage());
            }
        }
    }
}
