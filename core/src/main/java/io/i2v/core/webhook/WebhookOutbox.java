package io.i2v.core.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.config.I2vConfig;
import io.i2v.core.event.JobEvent;
import io.i2v.core.queue.QueueSender;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Map;

/**
 * Puts a job's lifecycle event on the webhooks queue when the job has a webhook URL; the worker
 * delivers it (signed, retried). Progress events are not sent to webhooks.
 */
@ApplicationScoped
public class WebhookOutbox {
    private final QueueSender sender;
    private final String queue;
    private final ObjectMapper json;
    private final Clock clock;

    public WebhookOutbox(QueueSender sender, I2vConfig config, ObjectMapper json, Clock clock) {
        this.sender = sender;
        this.queue = config.queues().webhooks();
        this.json = json;
        this.clock = clock;
    }

    public static boolean delivers(JobEvent event) {
        return !JobEvent.PROGRESS.equals(event.type());
    }

    public void enqueue(JobEvent event, String webhookUrl) {
        try {
            String payload = json.writeValueAsString(event);
            WebhookTask task = new WebhookTask(
                    WebhookTask.VERSION,
                    event.jobId(),
                    event.eventId(),
                    event.type(),
                    webhookUrl,
                    payload,
                    clock.instant());
            sender.send(
                    queue,
                    json.writeValueAsString(task),
                    Map.of("i2v-webhook-id", event.eventId()),
                    event.type() + " webhook");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
