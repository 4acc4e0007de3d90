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
    /** Where a cloud-path job runs the local renderer (asked for, or as its fallback): one at a time, it is CPU-bound. */
    private final ExecutorService localThreads;

    public Backends(@Any Instance<VideoBackend> all, WorkerConfig config) {
        this.all = all;
        this.name = config.backend();
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
     * A job that asks for nothing gets exactly {@link #selected()}.
     */
    public VideoBackend forJob(JobOptions options) {
        String asked = asked(options);
        boolean fallback = options != null && "local".equals(options.fallback());
        if (!fallback && asked.equals(name)) {
            return selected();
        }
        return new JobBackend(named(asked), named("local"), fallback, localThreads);
    }

    /** Which backend made a job's video: the one it ran on, or {@code local} after a fallback. */
    public String madeBy(JobOptions options, Map<String, String> checkpoints) {
        return checkpoints.containsKey(JobBackend.FELL_BACK) ? "local" : asked(options);
    }

    private String asked(JobOptions options) {
        return options == null || options.backend() == null || "auto".equals(options.backend()) ? name
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
