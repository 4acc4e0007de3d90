package io.i2v.worker.consume;

import io.i2v.core.config.I2vConfig;
import io.i2v.core.queue.QueueUrls;
import io.i2v.worker.config.WorkerConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Keeps a job's message invisible while the job runs (the connector does not): every
 * {@code heartbeat-interval} the message's visibility is set to {@code visibility-extension}
 * from now. If the worker dies, the message reappears within one extension.
 */
@ApplicationScoped
public class VisibilityHeartbeat {
    private static final Logger LOG = Logger.getLogger(VisibilityHeartbeat.class);

    private final SqsClient sqs;
    private final QueueUrls urls;
    private final String queue;
    private final WorkerConfig.Heartbeat settings;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "i2v-visibility-heartbeat");
        t.setDaemon(true);
        return t;
    });

    public VisibilityHeartbeat(SqsClient sqs, QueueUrls urls, I2vConfig config, WorkerConfig worker) {
        this.sqs = sqs;
        this.urls = urls;
        this.queue = config.queues().jobs();
        this.settings = worker.heartbeat();
    }

    /** Starts extending; cancel the returned future when the message is settled. */
    public ScheduledFuture<?> keepInvisible(String receiptHandle) {
        long every = settings.interval().toMillis();
        return timer.scheduleAtFixedRate(() -> extend(receiptHandle), every, every, TimeUnit.MILLISECONDS);
    }

    private void extend(String receiptHandle) {
        try {
            sqs.changeMessageVisibility(b -> b.queueUrl(urls.url(queue))
                    .receiptHandle(receiptHandle)
                    .visibilityTimeout((int) settings.extension().toSeconds()));
        } catch (RuntimeException e) {
            // the next beat tries again; if all fail, the message reappears and another delivery resumes the job
            LOG.warnf("could not extend a job message's visibility: %s", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
