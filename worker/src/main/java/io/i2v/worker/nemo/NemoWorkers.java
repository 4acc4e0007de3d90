package io.i2v.worker.nemo;

import io.i2v.worker.config.WorkerConfig;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The few threads the cloud backend blocks on: status writes, files, decoding the downloaded
 * video. Bounded, so hundreds of jobs finishing together queue here instead of growing a thread
 * each; everything else (calls, streams, waits) runs on the event loop.
 */
@ApplicationScoped
public class NemoWorkers {
    private final ThreadPoolExecutor pool;

    public NemoWorkers(WorkerConfig config) {
        int threads = Math.max(1, config.nemo().blockingThreads());
        AtomicInteger n = new AtomicInteger();
        pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "nemo-blocking-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    interface Work<T> {
        T get() throws Exception;
    }

    <T> Uni<T> run(Work<T> work) {
        return Uni.createFrom()
                .item(() -> {
                    try {
                        return work.get();
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .runSubscriptionOn(pool);
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
