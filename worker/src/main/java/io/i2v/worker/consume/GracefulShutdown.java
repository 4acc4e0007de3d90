package io.i2v.worker.consume;

import io.i2v.core.config.I2vConfig;
import io.i2v.core.queue.QueueUrls;
import io.i2v.worker.job.WorkerStopping;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SIGTERM without losing time: the worker stops taking jobs, running jobs checkpoint and are
 * handed back, and their messages become visible at once (visibility 0) so another worker picks
 * them up — instead of waiting out the visibility extension.
 *
 * <p>The order matters. The SQS connector keeps polling until CDI shuts its channels down
 * ({@code @BeforeDestroyed(ApplicationScoped)}, priority 50); a message released earlier would be
 * fetched again by this very worker and hidden for the whole visibility timeout. So on
 * {@link ShutdownEvent} the job is stopped and every message still arriving is only held, and the
 * held messages are released after the connector has closed.
 */
@Singleton
public class GracefulShutdown {
    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);
    private static final Duration JOB_STOP_WAIT = Duration.ofSeconds(30);
    /** Longer than the connector's long poll (1 s), so messages it is fetching still reach us and are held. */
    private static final Duration POLL_SETTLE = Duration.ofMillis(1500);

    private final WorkerStopping stopping;
    private final SqsClient sqs;
    private final QueueUrls urls;
    private final String queue;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final AtomicInteger running = new AtomicInteger();

    public GracefulShutdown(WorkerStopping stopping, SqsClient sqs, QueueUrls urls, I2vConfig config) {
        this.stopping = stopping;
        this.sqs = sqs;
        this.urls = urls;
        this.queue = config.queues().jobs();
    }

    boolean stopping() {
        return stopping.stopping();
    }

    void jobStarted() {
        running.incrementAndGet();
    }

    void jobEnded() {
        running.decrementAndGet();
    }

    /** A message to hand back once the connector has stopped polling. */
    void hold(String receiptHandle) {
        held.add(receiptHandle);
    }

    /** Waits up to {@code max} until no job runs in this worker; whether none does. */
    public boolean awaitIdle(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (running.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return running.get() == 0;
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stopping.begin();
        boolean busy = running.get() > 0 || !held.isEmpty();
        try {
            awaitIdle(JOB_STOP_WAIT);
            if (busy) {
                // a worker that was working may have a receive in flight for the next job: let it land and be held
                // (an idle one, such as ./i2v animate after its job, has nothing to hand back and stops at once)
                Thread.sleep(POLL_SETTLE.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (running.get() > 0) {
            LOG.warnf(
                    "%d job(s) did not stop within %s; their messages return after the visibility extension",
                    running.get(), JOB_STOP_WAIT);
        }
    }

    void release(@Observes @Priority(4000) @BeforeDestroyed(ApplicationScoped.class) Object event) {
        if (held.isEmpty()) {
            return;
        }
        try {
            // a receive the connector started before closing may still be waiting (long poll); it would
            // take a message released now and hide it for the full visibility timeout
            Thread.sleep(POLL_SETTLE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int released = 0;
        for (String handle : held) {
            try {
                sqs.changeMessageVisibility(
                        b -> b.queueUrl(urls.url(queue)).receiptHandle(handle).visibilityTimeout(0));
                released++;
            } catch (RuntimeException e) {
                LOG.warnf(
                        "a job message could not be released (%s); it returns after its visibility timeout",
                        e.getMessage());
            }
        }
        LOG.infof("shutdown: %d job message(s) handed back to the queue", released);
    }
}
