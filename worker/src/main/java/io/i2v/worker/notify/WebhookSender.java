package io.i2v.worker.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.config.I2vConfig;
import io.i2v.core.error.I2vException;
import io.i2v.core.storage.JobRepository;
import io.i2v.core.webhook.WebhookDelivery;
import io.i2v.core.webhook.WebhookTask;
import io.i2v.worker.net.GuardedHttp;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Makes one attempt of a webhook delivery and records it in the job's delivery log. Success is
 * a 2xx answer. Anything else is retried on the configured schedule (by default 5 s, 5 min,
 * 30 min, 2 h, 5 h, 10 h, 10 h: about a day); a URL whose host resolves to a refused address is
 * not retried. Returns how long to wait before the next attempt, or empty when done.
 */
@ApplicationScoped
public class WebhookSender {
    private static final Logger LOG = Logger.getLogger(WebhookSender.class);

    private final JobRepository jobs;
    private final ObjectMapper json;
    private final Clock clock;
    private final Optional<WebhookSigner> signer;
    private final GuardedHttp http;
    private final List<Duration> schedule;
    private final Duration timeout;

    public WebhookSender(JobRepository jobs, ObjectMapper json, Clock clock, GuardedHttp http, I2vConfig shared) {
        this.jobs = jobs;
        this.json = json;
        this.clock = clock;
        this.signer = shared.webhooks().secret().filter(s -> !s.isBlank()).map(WebhookSigner::new);
        this.http = http;
        this.timeout = shared.webhooks().timeout();
        this.schedule = shared.webhooks().retrySchedule();
    }

    /** @return the wait before the next attempt, or empty when the delivery is finished (either way) */
    public Optional<Duration> attempt(String message) throws IOException {
        WebhookTask task = json.readValue(message, WebhookTask.class);
        WebhookDelivery log = jobs.webhookDelivery(task.jobId(), task.type()).orElse(WebhookDelivery.start(task));
        if (!WebhookDelivery.RETRYING.equals(log.state())) {
            return Optional.empty(); // a redelivered message for a finished delivery
        }
        int attempt = log.attempts().size() + 1;
        Instant at = clock.instant();
        long start = System.nanoTime();
        Integer status = null;
        String error = null;
        boolean retry = true;
        if (signer.isEmpty()) {
            error = "webhooks are not configured on this service (no signing secret, I2V_WEBHOOKS_SECRET)";
            retry = false;
        } else {
            try {
                status = http.postJson(
                        task.url(),
                        task.payload(),
                        Map.of(
                                "webhook-id", task.webhookId(),
                                "webhook-timestamp", Long.toString(at.getEpochSecond()),
                                "webhook-signature",
                                        signer.get().sign(task.webhookId(), at.getEpochSecond(), task.payload()),
                                "User-Agent", "i2v-webhooks/1"),
                        timeout);
                if (status >= 300 && status < 400) {
                    error = "redirects are not followed";
                } else if (status < 200 || status >= 300) {
                    error = "the receiver answered " + status;
                }
            } catch (GuardedHttp.RefusedAddress | I2vException e) {
                error = e.getMessage(); // a refused URL or address: the answer will not change
                retry = false;
            } catch (IOException e) {
                error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        WebhookDelivery.Attempt record = new WebhookDelivery.Attempt(at, status, error, millis);
        Optional<Duration> next = error == null || !retry || attempt > schedule.size()
                ? Optional.empty()
                : Optional.of(schedule.get(attempt - 1));
        String state = error == null
                ? WebhookDelivery.DELIVERED
                : next.isPresent() ? WebhookDelivery.RETRYING : WebhookDelivery.FAILED;
        jobs.saveWebhookDelivery(
                task.jobId(), log.with(record, state, next.map(at::plus).orElse(null)));
        if (error != null) {
            LOG.warnf(
                    "job %s: %s webhook attempt %d failed (%s)%s",
                    task.jobId(),
                    task.type(),
                    attempt,
                    error,
                    next.map(d -> "; next in " + d).orElse("; giving up"));
        }
        return next;
    }
}
