package io.i2v.worker.job;

import io.i2v.worker.config.WorkerConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Notices a running job that makes no forward progress (no state change, no new render progress,
 * no backend activity) for {@code i2v.worker.watchdog.stall-timeout}, and stops it: the job's
 * thread is interrupted and the backend told to cancel its remote work. The job then ends FAILED
 * with {@code stalled}.
 */
@Singleton
public class Watchdog {
    private static final Logger LOG = Logger.getLogger(Watchdog.class);

    private final Duration timeout;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "i2v-watchdog");
        t.setDaemon(true);
        return t;
    });

    public Watchdog(WorkerConfig config) {
        this.timeout = config.watchdog().stallTimeout();
    }

    public Duration timeout() {
        return timeout;
    }

    /** Starts watching; {@code onStall} runs once, on the watchdog's thread, when the job stalls. */
    public Watch watch(String jobId, Runnable onStall) {
        Watch w = new Watch(jobId, onStall);
        long every = Math.max(50, Math.min(1000, timeout.toMillis() / 4));
        w.check = timer.scheduleAtFixedRate(w::check, every, every, TimeUnit.MILLISECONDS);
        return w;
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    /** One job under watch. */
    public final class Watch implements AutoCloseable {
        private final String jobId;
        private final Runnable onStall;
        private volatile long last = System.nanoTime();
        private volatile boolean stalled;
        private ScheduledFuture<?> check;

        private Watch(String jobId, Runnable onStall) {
            this.jobId = jobId;
            this.onStall = onStall;
        }

        /** Forward progress happened. */
        public void touch() {
            last = System.nanoTime();
        }

        public boolean stalled() {
            return stalled;
        }

        private void check() {
            if (stalled || System.nanoTime() - last < timeout.toNanos()) {
                return;
            }
            stalled = true;
            LOG.warnf("job %s: no progress for %s; stopping it", jobId, timeout);
            try {
                onStall.run();
            } catch (RuntimeException e) {
                LOG.warnf("job %s: stopping the stalled job: %s", jobId, e.getMessage());
            }
            check.cancel(false);
        }

        @Override
        public void close() {
            if (check != null) {
                check.cancel(false);
            }
        }
    }
}
