package io.i2v.worker.backend;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.job.JobOptions;
import io.i2v.worker.config.WorkerConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks the backend by its {@code @Identifier}: the configured one ({@code I2V_BACKEND}), or per
 * job the one its options ask for ({@code options.backend}, {@code options.fallback}).
 */
@ApplicationScoped
public class Backends {
    private final Instance<VideoBackend> all;
    private final String name;
    private final int maxInFlight;
    /** Where a cloud-path job runs the local renderer (asked for, or as its fallback): one at a time, it is CPU-bound. */
    private final ExecutorService localThreads;

    public Backends(@Any Instance<VideoBackend> all, WorkerConfig config) {
        this.all = all;
        this.name = config.backend();
        this.maxInFlight = config.nemo().maxInFlight();
        AtomicInteger n = new AtomicInteger();
        this.localThreads = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "local-render-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public VideoBackend selected() {
        return named(name);
    }

    /**
     * The backend for a job: the configured one unless its options name one or allow a fallback.
     * A job that asks for nothing gets {@link #selected()}. Every backend is driven asynchronously:
     * the local renderer runs on the render thread.
     */
    public AsyncVideoBackend forJob(JobOptions options) {
        boolean fallback = options != null && "local".equals(options.fallback());
        return new JobBackend(named(asked(options)), named("local"), fallback, localThreads);
    }

    /**
     * How many jobs this worker runs at once, the one limit for its backend: the local renderer
     * one (it is CPU-bound and has one render thread), the cloud {@code i2v.worker.nemo.max-in-flight}.
     */
    public int slots() {
        return "local".equals(name) ? 1 : Math.max(1, maxInFlight);
    }

    /** Which backend made a job's video: the one it ran on, or {@code local} after a fallback. */
    public String madeBy(JobOptions options, Map<String, String> checkpoints) {
        return checkpoints.containsKey(JobBackend.FELL_BACK) ? "local" : asked(options);
    }

    private String asked(JobOptions options) {
        return options == null || options.backend() == null || "auto".equals(options.backend())
                ? name
                : options.backend();
    }

    private VideoBackend named(String backend) {
        Instance<VideoBackend> chosen = all.select(Identifier.Literal.of(backend));
        if (!chosen.isResolvable()) {
            throw new I2vException(ErrorCode.INTERNAL, "video backend \"" + backend + "\" is not available");
        }
        return chosen.get();
    }

    @PreDestroy
    void stop() {
        localThreads.shutdownNow();
    }
}
