package io.i2v.worker.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.config.I2vConfig;
import io.i2v.core.error.I2vException;
import io.i2v.core.storage.JobRepository;
import io.i2v.core.storage.TrackedDelivery;
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
    /** Conditional writes a claim makes before it gives up (another writer changed the log each time). */
    private static final int CLAIM_ROUNDS = 5;

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

    /**
     * @param messageId the queue message this task came in (the same over its redeliveries); null
     *     when unknown, and then every copy of the task may drive the delivery
     * @return the wait before the next attempt, or empty when this message has no more to do: the
     *     delivery finished (either way), or another copy of the task drives it
     */
    public Optional<Duration> attempt(String message, String messageId) throws IOException {
        WebhookTask task = json.readValue(message, WebhookTask.class);
        Optional<TrackedDelivery> claimed = claim(task, messageId == null ? task.webhookId() : messageId);
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        TrackedDelivery log = claimed.get();
        int attempt = log.delivery().attempts().size() + 1;
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
        record(task, log, record, state, next.map(at::plus).orElse(null));
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

    /**
     * The delivery log this message may make the next attempt from: it drives the delivery, or
     * starts or adopts it (a conditional write, so of two copies of a task exactly one drives it).
     * Empty when the delivery is finished or another message drives it.
     */
    private Optional<TrackedDelivery> claim(WebhookTask task, String messageId) {
        for (int round = 0; round < CLAIM_ROUNDS; round++) {
            Optional<TrackedDelivery> stored = jobs.webhookDelivery(task.jobId(), task.type());
            if (stored.isPresent()) {
                WebhookDelivery log = stored.get().delivery();
                if (log.finished()) {
                    return Optional.empty(); // a redelivered message, or a copy, of a finished delivery
                }
                if (messageId.equals(log.driver())) {
                    return stored;
                }
                if (log.driver() != null) {
                    LOG.debugf(
                            "job %s: a copy of the %s webhook task; message %s delivers it",
                            task.jobId(), task.type(), log.driver());
                    return Optional.empty();
                }
            }
            Optional<TrackedDelivery> mine = jobs.replaceWebhookDelivery(
                    task.jobId(),
                    stored.orElse(null),
                    stored.map(t -> t.delivery().drivenBy(messageId))
                            .orElseGet(() -> WebhookDelivery.start(task, messageId)));
            if (mine.isPresent()) {
                return mine;
            }
        }
        throw new IllegalStateException("the delivery log of job " + task.jobId() + "'s " + task.type()
                + " webhook kept changing; the message is tried again");
    }

    /**
     * Saves the log with the attempt. Only this message writes it while it drives the delivery; a
     * redelivery of this same message that overlapped this attempt may have written in between, and
     * then the attempt is added to what it wrote (a delivered log stays delivered).
     */
    private void record(
            WebhookTask task, TrackedDelivery from, WebhookDelivery.Attempt attempt, String state, Instant nextAt) {
        TrackedDelivery base = from;
        for (int round = 0; round < CLAIM_ROUNDS; round++) {
            WebhookDelivery log = base.delivery();
            boolean delivered = WebhookDelivery.DELIVERED.equals(log.state());
            WebhookDelivery next = log.with(attempt, delivered ? log.state() : state, delivered ? null : nextAt);
            if (jobs.replaceWebhookDelivery(task.jobId(), base, next).isPresent()) {
                return;
            }
            Optional<TrackedDelivery> now = jobs.webhookDelivery(task.jobId(), task.type());
            if (now.isEmpty()) {
                break;
            }
            base = now.get();
        }
        LOG.warnf(
                "job %s: the %s webhook's delivery log kept changing; an attempt is not recorded",
                task.jobId(), task.type());
    }
}
