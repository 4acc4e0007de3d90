package io.i2v.worker.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.job.JobLedger;
import io.i2v.core.job.JobRequest;
import io.i2v.core.job.JobRequestCodec;
import io.i2v.core.job.JobStatus;
import io.i2v.core.job.TraceContext;
import io.i2v.core.storage.JobRepository;
import io.i2v.core.storage.TrackedStatus;
import io.i2v.worker.backend.AsyncVideoBackend;
import io.i2v.worker.backend.BackendResult;
import io.i2v.worker.backend.Backends;
import io.i2v.worker.config.WorkerConfig;
import io.i2v.worker.ops.JobMetrics;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Runs one delivery of a job message to its end: QUEUED → RUNNING → SUCCEEDED | FAILED, or
 * back to QUEUED for another attempt after a transient failure. A finished job's redelivery is
 * acknowledged without work. One pipeline for every backend, read forward: {@link #process} →
 * begin (the status writer) → {@link JobPreparation} (inputs fetched and decoded) → the backend (asynchronous:
 * the cloud waits without a thread, the local renderer has its render thread) → keep and stage the
 * render ({@link KeptRenders}) → {@link JobFinish} (check, store, succeed); a failure anywhere goes to
 * {@link FailureRouting}.
 */
@ApplicationScoped
public class JobProcessor {
    private static final Logger LOG = Logger.getLogger(JobProcessor.class);

    private final JobRepository jobs;
    private final JobRequestCodec codec;
    private final JobLedger ledger;
    private final JobPreparation preparation;
    private final JobFinish finish;
    private final KeptRenders kept;
    private final Backends backends;
    private final WorkerConfig config;
    private final Clock clock;
    private final JobMetrics metrics;
    private final WorkerStopping stopping;
    private final Watchdog watchdog;
    private final FailureRouting failures;

    public JobProcessor(
            JobRepository jobs,
            ObjectMapper json,
            JobLedger ledger,
            JobPreparation preparation,
            JobFinish finish,
            KeptRenders kept,
            Backends backends,
            WorkerConfig config,
            Clock clock,
            JobMetrics metrics,
            WorkerStopping stopping,
            Watchdog watchdog) {
        this.kept = kept;
        this.stopping = stopping;
        this.watchdog = watchdog;
        this.metrics = metrics;
        this.jobs = jobs;
        this.codec = new JobRequestCodec(json);
        this.ledger = ledger;
        this.preparation = preparation;
        this.finish = finish;
        this.backends = backends;
        this.config = config;
        this.clock = clock;
        this.failures = new FailureRouting(
                ledger, codec, metrics, config.backend(), config.maxAttempts(), clock, watchdog.timeout());
    }

    /**
     * Runs one delivery: inputs are prepared on the calling thread, the backend works on its own
     * (the cloud without a thread; the local renderer on its render thread), and the result is
     * checked and stored on a worker thread. Completes with what to do with the message.
     *
     * @param deliveries how often the queue has handed out this message, this time included
     */
    public CompletionStage<Outcome> process(String body, int deliveries) {
        JobRequest request;
        try {
            request = codec.decode(body);
        } catch (I2vException e) {
            return CompletableFuture.completedFuture(failures.undecodable(body, e));
        }
        return inMdc(request, () -> run(request, deliveries));
    }

    private CompletionStage<Outcome> run(JobRequest request, int deliveries) {
        StatusWriter status = begin(request);
        if (status == null) {
            return CompletableFuture.completedFuture(Outcome.DONE);
        }
        if (stopping.stopping()) {
            return CompletableFuture.completedFuture(Outcome.RELEASE);
        }
        Instant started = clock.instant();
        AsyncVideoBackend backend = backends.forJob(request.options());
        // the watchdog ends the backend's flow and cancels its work (a local render's thread is interrupted)
        CompletableFuture<BackendResult> stall = new CompletableFuture<>();
        Watchdog.Watch watch = watchdog.watch(request.jobId(), () -> {
            stall.completeExceptionally(new I2vException(ErrorCode.STALLED, "no progress"));
            backend.cancel(request.jobId());
        });
        JobPreparation.Prepared prepared;
        Optional<KeptRenders.Earlier> earlier;
        try {
            if (finish.storedAlready(request, status)) {
                watch.close();
                return CompletableFuture.completedFuture(finished(status, started, finish.succeed(request, status)));
            }
            prepared = preparation.prepare(request, status, deliveries, watch);
            earlier = kept.earlier(request.jobId(), status, prepared.work());
        } catch (Exception | LinkageError e) {
            watch.close();
            return CompletableFuture.completedFuture(finished(
                    status, started, failures.route(request.jobId(), status, e, deliveries, watch.stalled(), backend)));
        }
        Uni<BackendResult> rendering = earlier.isPresent()
                ? Uni.createFrom().item(earlier.get().render())
                : backend.start(prepared.job(), prepared.progress());
        return Uni.combine()
                .any()
                .of(rendering, Uni.createFrom().completionStage(stall))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(render -> inMdc(request, () -> {
                    try {
                        return finish.store(
                                request,
                                status,
                                prepared,
                                earlier.isEmpty()
                                        ? kept.rendered(request.jobId(), status, prepared.work(), render)
                                        : earlier.get().inS3() ? render : kept.stage(request.jobId(), status, render));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }))
                .onFailure()
                .recoverWithItem(e -> inMdc(
                        request,
                        () -> failures.route(request.jobId(), status, e, deliveries, watch.stalled(), backend)))
                .onTermination()
                .invoke(() -> {
                    watch.close();
                    kept.close(prepared.work());
                })
                .map(outcome -> finished(status, started, outcome))
                .subscribeAsCompletionStage();
    }

    /** The job's status writer, or null when there is nothing to do (no record, or already finished). */
    private StatusWriter begin(JobRequest request) {
        Optional<TrackedStatus> found = jobs.tracked(request.jobId());
        if (found.isEmpty()) {
            LOG.warnf("job %s: no status record (intake rolled back); message dropped", request.jobId());
            return null;
        }
        JobStatus stored = found.get().status();
        ledger.relay(stored); // events an earlier delivery claimed and died before sending
        if (stored.state().terminal()) {
            LOG.infof(
                    "job %s: already %s; redelivery acknowledged",
                    request.jobId(), stored.state().name());
            finish.notifySucceededOnce(stored);
            return null;
        }
        metrics.started(Duration.between(request.submittedAt(), clock.instant()));
        return new StatusWriter(
                ledger,
                clock,
                found.get(),
                (stage, took) -> metrics.stage(config.backend(), stage.wire(), took),
                config.notifications().progressInterval(),
                stopping);
    }

    private Outcome finished(StatusWriter status, Instant started, Outcome outcome) {
        metrics.finished(
                config.backend(),
                outcome == Outcome.RETRY
                        ? "retrying"
                        : status.current().state().name().toLowerCase(),
                Duration.between(started, clock.instant()));
        return outcome;
    }

    private static <T> T inMdc(JobRequest request, Supplier<T> work) {
        MDC.put("jobId", request.jobId());
        String traceId = TraceContext.traceId(request.traceparent());
        if (traceId != null) {
            MDC.put("traceId", traceId);
        }
        try {
            return work.get();
        } finally {
            MDC.remove("jobId");
            MDC.remove("traceId");
        }
    }
}
