package io.i2v.worker.backend;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.smallrye.mutiny.Uni;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.jboss.logging.MDC;

/**
 * The backend one job asked for ({@code options.backend}), with the local renderer behind it
 * when the job allows a fallback ({@code options.fallback = local}): a cloud failure that is not
 * the caller's fault re-runs the same job on the local renderer. Before the switch a checkpoint
 * records it, so a redelivery goes straight to the local renderer and never back to the cloud
 * (no second instruction, no second charge). The local renderer, being CPU-bound, runs on its
 * own few threads when the job came through the thread-free (cloud) path.
 */
final class JobBackend implements AsyncVideoBackend {
    /** Checkpoint: the job switched to the local renderer (value: the cloud's error code). */
    static final String FELL_BACK = "fallback";

    /** Cloud failures a caller cannot fix by changing the job: worth making the video locally. */
    static final Set<ErrorCode> NOT_THE_CALLERS_FAULT = EnumSet.of(
            ErrorCode.STALLED,
            ErrorCode.RATE_LIMITED,
            ErrorCode.BACKEND_UNAVAILABLE,
            ErrorCode.INSUFFICIENT_CREDITS,
            ErrorCode.PLAN_UPGRADE_REQUIRED);

    private final VideoBackend first;
    private final VideoBackend local;
    private final boolean fallback;
    private final Executor localThreads;
    /** The thread rendering this job locally, while it does. */
    private Thread renderThread;

    /** @param first the asked backend; @param local the local renderer; @param fallback whether {@code local} stands behind it */
    JobBackend(VideoBackend first, VideoBackend local, boolean fallback, Executor localThreads) {
        this.first = first;
        this.local = local;
        this.fallback = fallback && first != local;
        this.localThreads = localThreads;
    }

    @Override
    public BackendResult run(BackendJob job, Progress progress) throws Exception {
        if (fellBack(job)) {
            return local.run(job, progress);
        }
        try {
            return first.run(job, progress);
        } catch (I2vException e) {
            if (!fallsBack(e)) {
                throw e;
            }
            switchOver(progress, e);
            return local.run(job, progress);
        }
    }

    @Override
    public Uni<BackendResult> start(BackendJob job, Progress progress) {
        Map<String, Object> logContext = new HashMap<>(MDC.getMap());
        if (fellBack(job) || first == local) {
            return onLocalThreads(job, progress, logContext);
        }
        Uni<BackendResult> cloud = first instanceof AsyncVideoBackend async
                ? async.start(job, progress)
                : Uni.createFrom().item(() -> call(first, job, progress)).runSubscriptionOn(localThreads);
        return cloud.onFailure(this::fallsBack)
                .recoverWithUni(e -> Uni.createFrom()
                        .voidItem()
                        .emitOn(localThreads)
                        .invoke(() -> switchOver(progress, (I2vException) e))
                        .flatMap(v -> onLocalThreads(job, progress, logContext)));
    }

    @Override
    public void cancel(String jobId) {
        first.cancel(jobId);
        if (fallback) {
            local.cancel(jobId);
        }
        synchronized (this) {
            if (renderThread != null) {
                renderThread.interrupt();
            }
        }
    }

    private boolean fellBack(BackendJob job) {
        return fallback && job.checkpoints().containsKey(FELL_BACK);
    }

    private boolean fallsBack(Throwable e) {
        return fallback && e instanceof I2vException i2v && NOT_THE_CALLERS_FAULT.contains(i2v.code());
    }

    private static void switchOver(Progress progress, I2vException e) {
        progress.checkpoint(FELL_BACK, e.code().code());
        progress.message("NemoVideo could not make the video (" + e.code().code() + ": " + e.getMessage()
                + "); the local renderer makes it instead, as the job allows (options.fallback = local).");
    }

    /**
     * The local renderer on the render thread, with the caller's log context (job and trace id).
     * {@link #cancel} interrupts that thread while it renders this job; the interrupt is cleared
     * after it, so it cannot reach the next job on the thread.
     */
    private Uni<BackendResult> onLocalThreads(BackendJob job, Progress progress, Map<String, Object> logContext) {
        return Uni.createFrom()
                .item(() -> {
                    synchronized (this) {
                        renderThread = Thread.currentThread();
                    }
                    logContext.forEach(MDC::put);
                    try {
                        return call(local, job, progress);
                    } finally {
                        synchronized (this) {
                            renderThread = null;
                        }
                        Thread.interrupted();
                        logContext.keySet().forEach(MDC::remove);
                    }
                })
                .runSubscriptionOn(localThreads);
    }

    private static BackendResult call(VideoBackend backend, BackendJob job, Progress progress) {
        try {
            return backend.run(job, progress);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }
}
