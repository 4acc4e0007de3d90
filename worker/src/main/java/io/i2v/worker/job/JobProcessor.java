package io.i2v.worker.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.ErrorInfo;
import io.i2v.core.error.I2vException;
import io.i2v.core.event.JobEvent;
import io.i2v.core.job.ImageRef;
import io.i2v.core.job.Interpretation;
import io.i2v.core.job.JobRequest;
import io.i2v.core.job.JobLedger;
import io.i2v.core.job.JobRequestCodec;
import io.i2v.core.job.LedgerStep;
import io.i2v.core.storage.TrackedStatus;
import io.i2v.core.job.JobResult;
import io.i2v.core.job.JobStage;
import io.i2v.core.job.JobState;
import io.i2v.core.job.JobStatus;
import io.i2v.core.job.TraceContext;
import io.i2v.core.storage.JobRepository;
import io.i2v.core.storage.S3Keys;
import io.i2v.worker.backend.AsyncVideoBackend;
import io.i2v.worker.backend.BackendJob;
import io.i2v.worker.backend.BackendResult;
import io.i2v.worker.backend.Backends;
import io.i2v.worker.backend.VideoBackend;
import io.i2v.worker.config.WorkerConfig;
import io.i2v.worker.inputs.InputFetcher;
import io.i2v.worker.media.ImageDecoder;
import io.i2v.worker.media.VideoInfo;
import io.i2v.worker.ops.JobMetrics;
import io.i2v.worker.results.OutputCheck;
import io.i2v.worker.results.RenderStage;
import io.i2v.worker.results.ResultStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Runs one delivery of a job message to its end: QUEUED → RUNNING → SUCCEEDED | FAILED, or
 * back to QUEUED for another attempt after a transient failure. A finished job's redelivery is
 * acknowledged without work. {@link #process} holds the calling thread for the whole job (the
 * CPU-bound local renderer); {@link #processAsync} runs a backend that waits without a thread
 * ({@link AsyncVideoBackend}), so many cloud jobs can be in flight. Both share prepare → backend
 * → finish, the checkpoints, the watchdog and the failure handling.
 */
@ApplicationScoped
public class JobProcessor {
    private static final Logger LOG = Logger.getLogger(JobProcessor.class);
    /** Checkpoint: the result is in S3 (value: its sha256). */
    static final String STORED = "result-stored";
    /** Checkpoint: the render is staged in S3 (value: where), so a redelivery checks and stores it instead of rendering. */
    static final String STAGED = "render-staged";
    /** Checkpoint of older workers: job.succeeded went out (now the outbox's claim says so). */
    static final String NOTIFIED = "succeeded-notified";

    private final JobRepository jobs;
    private final JobRequestCodec codec;
    private final JobLedger ledger;
    private final InputFetcher inputs;
    private final ResultStore results;
    private final RenderStage stage;
    private final Backends backends;
    private final WorkerConfig config;
    private final Clock clock;
    private final ImageDecoder decoder;
    private final JobMetrics metrics;
    private final WorkerStopping stopping;
    private final Watchdog watchdog;

    public JobProcessor(JobRepository jobs, ObjectMapper json, JobLedger ledger, InputFetcher inputs,
                        ResultStore results, RenderStage stage, Backends backends, WorkerConfig config, Clock clock,
                        JobMetrics metrics, io.i2v.core.config.I2vConfig shared, WorkerStopping stopping,
                        Watchdog watchdog) {
        this.stage = stage;
        this.stopping = stopping;
        this.watchdog = watchdog;
        this.metrics = metrics;
        this.jobs = jobs;
        this.codec = new JobRequestCodec(json);
        this.ledger = ledger;
        this.inputs = inputs;
        this.results = results;
        this.backends = backends;
        this.config = config;
        this.clock = clock;
        this.decoder = new ImageDecoder(config.maxPixels(), shared.intake().maxFileBytes(), config.render().longSide());
    }

    /** @param deliveries how often the queue has handed out this message, this time included */
    public Outcome process(String body, int deliveries) {
        JobRequest request;
        try {
            request = codec.decode(body);
        } catch (I2vException e) {
            return undecodable(body, e);
        }
        return inMdc(request, () -> process(request, deliveries));
    }

    /**
     * The same as {@link #process(String, int)} for a backend that waits without a thread
     * ({@link AsyncVideoBackend}): inputs are prepared on the calling thread, the backend runs on
     * its own, and the result is checked and stored on a worker thread. Many jobs can be in flight.
     */
    public CompletionStage<Outcome> processAsync(String body, int deliveries) {
        JobRequest request;
        try {
            request = codec.decode(body);
        } catch (I2vException e) {
            return CompletableFuture.completedFuture(undecodable(body, e));
        }
        return inMdc(request, () -> {
            StatusWriter status = begin(request);
            if (status == null) {
                return CompletableFuture.completedFuture(Outcome.DONE);
            }
            if (stopping.stopping()) {
                return CompletableFuture.completedFuture(Outcome.RELEASE);
            }
            Instant started = clock.instant();
            // the watchdog cannot interrupt a thread here: it ends the backend's flow instead
            CompletableFuture<BackendResult> stall = new CompletableFuture<>();
            Watchdog.Watch watch = watchdog.watch(request.jobId(), () -> {
                stall.completeExceptionally(new I2vException(ErrorCode.STALLED, "no progress"));
                backends.forJob(request.options()).cancel(request.jobId());
            });
            Prepared prepared;
            Optional<BackendResult> staged;
            try {
                if (storedAlready(request, status)) {
                    return CompletableFuture.completedFuture(finished(status, started, succeed(request, status)));
                }
                prepared = prepare(request, status, deliveries, watch);
                staged = staged(request, status, prepared);
            } catch (Exception | LinkageError e) {
                watch.close();
                return CompletableFuture.completedFuture(finished(status, started,
                        failure(request, status, e, deliveries, watch)));
            }
            AsyncVideoBackend backend = (AsyncVideoBackend) backends.forJob(request.options());
            Uni<BackendResult> rendering = staged.isPresent() ? Uni.createFrom().item(staged.get())
                    : backend.start(prepared.job(), prepared.progress());
            return Uni.combine().any().of(rendering, Uni.createFrom().completionStage(stall))
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .map(render -> inMdc(request, () -> {
                        try {
                            return finish(request, status, prepared,
                                    staged.isPresent() ? render : rendered(request, status, render));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }))
                    .onFailure().recoverWithItem(e -> inMdc(request,
                            () -> failure(request, status, e, deliveries, watch)))
                    .onTermination().invoke(() -> {
                        watch.close();
                        deleteTree(prepared.work());
                    })
                    .map(outcome -> finished(status, started, outcome))
                    .subscribeAsCompletionStage();
        });
    }

    private Outcome process(JobRequest request, int deliveries) {
        StatusWriter status = begin(request);
        if (status == null) {
            return Outcome.DONE;
        }
        if (stopping.stopping()) {
            return Outcome.RELEASE;
        }
        Instant started = clock.instant();
        Thread jobThread = Thread.currentThread();
        Watchdog.Watch watch = watchdog.watch(request.jobId(), () -> {
            jobThread.interrupt();
            backends.forJob(request.options()).cancel(request.jobId());
        });
        Outcome outcome = null;
        try {
            try {
                outcome = run(request, status, deliveries, watch);
            } catch (Exception | LinkageError e) {
                outcome = failure(request, status, e, deliveries, watch);
            }
            return outcome;
        } finally {
            watch.close();
            Thread.interrupted(); // a watchdog interrupt must not leak into the next job on this thread
            finished(status, started, outcome);
        }
    }

    /** The job's status writer, or null when there is nothing to do (no record, or already finished). */
    private StatusWriter begin(JobRequest request) {
        Optional<TrackedStatus> found = jobs.tracked(request.jobId());
        if (found.isEmpty()) {
            LOG.warnf("job %s: no status record (intake rolled back); message dropped", request.jobId());
            return null;
        }
        JobStatus stored = found.get().status();
        if (stored.state().terminal()) {
            LOG.infof("job %s: already %s; redelivery acknowledged", request.jobId(), stored.state().name());
            notifySucceededOnce(stored);
            return null;
        }
        metrics.started(Duration.between(request.submittedAt(), clock.instant()));
        return new StatusWriter(ledger, clock, found.get(),
                (stage, took) -> metrics.stage(config.backend(), stage.wire(), took),
                config.notifications().progressInterval(), stopping);
    }

    private Outcome finished(StatusWriter status, Instant started, Outcome outcome) {
        metrics.finished(config.backend(), outcome == Outcome.RETRY ? "retrying"
                : status.current().state().name().toLowerCase(), Duration.between(started, clock.instant()));
        return outcome;
    }

    /** How a delivery that threw ends: handed back, canceled, taken over, stalled, retried or failed. */
    private Outcome failure(JobRequest request, StatusWriter status, Throwable e, int deliveries,
                            Watchdog.Watch watch) {
        while ((e instanceof UncheckedIOException || e instanceof java.util.concurrent.CompletionException
                || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof WorkerStopping.JobReleased) {
            return release(status);
        }
        if (e instanceof StatusWriter.JobCanceled) {
            backends.forJob(request.options()).cancel(request.jobId()); // a remote render stops too
            LOG.infof("job %s: canceled while running; stopped without a result", request.jobId());
            return Outcome.DONE;
        }
        if (e instanceof StatusWriter.JobTakenOver) {
            LOG.warnf("job %s: a later delivery took this job over; this one stops without touching it",
                    request.jobId());
            return Outcome.LEAVE;
        }
        if (watch.stalled()) {
            return stalled(request, status);
        }
        if (e instanceof I2vException i2v) {
            metrics.error(config.backend(), i2v.code().code());
            return failed(request, status, i2v, deliveries);
        }
        if (e instanceof Error && !(e instanceof LinkageError)) {
            throw (Error) e;
        }
        LOG.errorf(e, "job %s: unexpected failure", request.jobId());
        metrics.error(config.backend(), ErrorCode.RENDER_FAILED.code());
        return failed(request, status, new I2vException(ErrorCode.RENDER_FAILED,
                "rendering failed: " + e.getClass().getSimpleName()), deliveries);
    }

    /** The watchdog stopped the job: FAILED with {@code stalled}, not retried (its remote work was cancelled). */
    private Outcome stalled(JobRequest request, StatusWriter status) {
        Thread.interrupted();
        metrics.error(config.backend(), ErrorCode.STALLED.code());
        ErrorInfo error = new ErrorInfo(ErrorCode.STALLED.code(), "the job made no progress for "
                + watchdog.timeout().toSeconds() + " s and was stopped", false);
        try {
            failWith(status, error);
            LOG.warnf("job %s: failed: %s %s", request.jobId(), error.code(), error.message());
        } catch (StatusWriter.JobCanceled canceled) {
            // canceled meanwhile: CANCELED stands
        } catch (StatusWriter.JobTakenOver takenOver) {
            return Outcome.LEAVE;
        }
        return Outcome.DONE;
    }

    /** What a backend gets: the job, where it reports, and the scratch folder to remove afterwards. */
    private record Prepared(BackendJob job, VideoBackend.Progress progress, List<String> names, Path work) {
    }

    private Outcome run(JobRequest request, StatusWriter status, int deliveries, Watchdog.Watch watch)
            throws Exception {
        if (storedAlready(request, status)) {
            return succeed(request, status);
        }
        Prepared prepared = prepare(request, status, deliveries, watch);
        try {
            Optional<BackendResult> staged = staged(request, status, prepared);
            BackendResult render = staged.isPresent() ? staged.get() : rendered(request, status,
                    backends.forJob(request.options()).run(prepared.job(), prepared.progress()));
            return finish(request, status, prepared, render);
        } finally {
            deleteTree(prepared.work());
        }
    }

    /**
     * Stages a fresh render in S3 and checkpoints that, before anything else happens to it: from
     * here on a crash costs a download, not a render.
     */
    private BackendResult rendered(JobRequest request, StatusWriter status, BackendResult render) throws IOException {
        LOG.infof("job %s: render finished", request.jobId());
        long t0 = System.nanoTime();
        stage.put(request.jobId(), render);
        metrics.step(config.backend(), "stage-upload", Duration.ofNanos(System.nanoTime() - t0));
        status.save(status.current().withCheckpoint(STAGED, S3Keys.staged(request.jobId(), "")));
        return render;
    }

    /** The render an earlier delivery staged (the render-staged checkpoint), downloaded into the work folder. */
    private Optional<BackendResult> staged(JobRequest request, StatusWriter status, Prepared prepared)
            throws IOException {
        if (!status.current().checkpoints().containsKey(STAGED)) {
            return Optional.empty();
        }
        Optional<BackendResult> render = stage.take(request.jobId(), prepared.work());
        if (render.isPresent()) {
            LOG.infof("job %s: render staged by an earlier delivery; checking and storing it without rendering again",
                    request.jobId());
        }
        return render;
    }

    /** A delivery after the result-stored checkpoint only finishes the job (no second render or upload). */
    private boolean storedAlready(JobRequest request, StatusWriter status) {
        if (!status.current().checkpoints().containsKey(STORED) || status.current().result() == null) {
            return false;
        }
        LOG.infof("job %s: result already stored (checkpoint); finishing without rendering again", request.jobId());
        return true;
    }

    private Prepared prepare(JobRequest request, StatusWriter status, int deliveries, Watchdog.Watch watch)
            throws Exception {
        boolean firstStart = status.current().attempts() == 0;
        LOG.infof("job %s: started (delivery %d, backend %s)", request.jobId(), deliveries, config.backend());
        JobStatus running = status.current().to(new JobState.Running(JobStage.PREPARING, 0), clock.instant())
                .withAttempt();
        if (firstStart) {
            status.save(running, JobEvent.of(JobEvent.STARTED, request.jobId(), running.state(), null, clock.instant()));
        } else {
            status.save(running);
        }
        Path work = Files.createDirectories(workRoot().resolve(request.jobId() + "-" + deliveries));
        try {
            List<BackendJob.InputImage> images = new ArrayList<>();
            BackendJob.InputAudio audio = null;
            List<String> names = new ArrayList<>();
            int i = 0;
            for (ImageRef ref : request.images()) {
                Path file = inputs.fetch(ref, work.resolve("input-" + i++));
                if (ImageDecoder.sniff(file).audio()) {
                    audio = new BackendJob.InputAudio(ref.name() == null ? "music" : ref.name(), file);
                } else {
                    images.add(new BackendJob.InputImage(ref.name() == null ? "image" : ref.name(),
                            decoder.decode(file), file));
                }
                names.add(ref.key() != null ? ref.key() : io.i2v.core.net.OutboundPolicy.withoutSecrets(ref.url()));
                watch.touch();
            }
            status.progress(JobStage.PREPARING, 1, 0, 5);
            BackendJob job = new BackendJob(request.jobId(), request.prompt(), request.options(), images, work,
                    audio, request.parentJobId(), status.current().checkpoints());
            return new Prepared(job, progress(status, watch), names, work);
        } catch (Exception | LinkageError e) {
            deleteTree(work);
            throw e;
        }
    }

    /** Where a backend reports; every report of forward progress also feeds the watchdog. */
    private static VideoBackend.Progress progress(StatusWriter status, Watchdog.Watch watch) {
        return new VideoBackend.Progress() {
            private JobStage lastStage;
            private double lastFraction = -1;

            public void report(JobStage stage, double fraction) {
                if (stage != lastStage || fraction > lastFraction) {
                    watch.touch(); // forward progress; the same figure again is not
                    lastStage = stage;
                    lastFraction = fraction;
                }
                status.progress(stage, fraction, 5, 90);
            }

            public void planned(Interpretation interpretation, String timeline) {
                watch.touch();
                status.save(status.current().withPlan(interpretation, timeline));
            }

            public void alive() {
                watch.touch();
            }

            public void checkpoint(String step, String value) {
                watch.touch();
                status.save(status.current().withCheckpoint(step, value));
            }

            public void message(String text) {
                watch.touch();
                status.save(status.current().withMessage(text));
            }

            public void creditsUsed(int credits) {
                status.save(status.current().withCreditsUsed(credits));
            }
        };
    }

    /** Checks and stores the render (and a batch's clips), checkpoints that, and succeeds. */
    private Outcome finish(JobRequest request, StatusWriter status, Prepared prepared, BackendResult render)
            throws IOException {
        status.save(status.current().withPlan(render.interpretation(), render.timeline()));
        render.messages().forEach(m -> status.save(status.current().withMessage(m)));

        status.progress(JobStage.STORING, 0, 90, 99);
        long t0 = System.nanoTime();
        VideoInfo info = OutputCheck.verify(render);
        long t1 = System.nanoTime();
        metrics.step(config.backend(), "check", Duration.ofNanos(t1 - t0));
        LOG.infof("job %s: storing result", request.jobId());
        String madeBy = backends.madeBy(request.options(), status.current().checkpoints());
        JobResult result = results.store(request.jobId(), madeBy, request.prompt(), prepared.names(), render, info);
        metrics.step(config.backend(), "store", Duration.ofNanos(System.nanoTime() - t1));
        List<JobResult> all = new ArrayList<>(List.of(result));
        for (BackendResult clip : render.clips()) { // one clip per image: each checked and stored the same way
            all.add(results.store(request.jobId(), madeBy, request.prompt(), prepared.names(), clip,
                    OutputCheck.verify(clip), all.size() + 1));
        }
        // checkpoint: a delivery after this point finishes the job without rendering or uploading again
        status.save((all.size() > 1 ? status.current().withResults(all) : status.current().withResult(result))
                .withCheckpoint(STORED, result.sha256()));
        LOG.infof("job %s: result stored, %dx%d %.2f s, %d bytes", request.jobId(), info.width(), info.height(),
                info.durationSeconds(), result.sizeBytes());
        stage.discard(request.jobId());
        return succeed(request, status);
    }

    private static <T> T inMdc(JobRequest request, java.util.function.Supplier<T> work) {
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

    /** SUCCEEDED and its job.succeeded event, in one ledger step. */
    private Outcome succeed(JobRequest request, StatusWriter status) {
        JobStatus done = status.current().to(new JobState.Succeeded(), clock.instant());
        status.save(done, succeeded(done));
        LOG.infof("job %s: succeeded", request.jobId());
        return Outcome.DONE;
    }

    private JobEvent succeeded(JobStatus done) {
        return JobEvent.of(JobEvent.SUCCEEDED, done.id(), done.state(), done.result(), clock.instant());
    }

    /**
     * A redelivery of a succeeded job sends job.succeeded in case the worker died between the
     * status write and the event; the outbox's claim on the event id makes sure it goes out once.
     */
    private void notifySucceededOnce(JobStatus status) {
        if (status.state() instanceof JobState.Succeeded && !status.checkpoints().containsKey(NOTIFIED)) {
            ledger.publish(status, succeeded(status));
        }
    }

    /** FAILED with {@code error} and its job.failed event; throws if canceled or taken over meanwhile. */
    private void failWith(StatusWriter status, ErrorInfo error) {
        JobState.Failed failed = new JobState.Failed(error);
        status.to(failed, JobEvent.of(JobEvent.FAILED, status.current().id(), failed, null, clock.instant()));
    }

    /** The worker is stopping: back to QUEUED (what is checkpointed stays), for another worker to resume. */
    private Outcome release(StatusWriter status) {
        JobStatus current = status.current();
        JobStatus queued = current.withMessage("The worker stopped; the job was handed back to the queue.");
        LedgerStep step = ledger.write(status.tracked(), queued.state() instanceof JobState.Queued ? queued
                : queued.to(new JobState.Queued(), clock.instant()));
        if (step instanceof LedgerStep.TakenOver) {
            return Outcome.LEAVE; // another delivery owns the job and its message
        }
        if (!(step instanceof LedgerStep.Written)) {
            return Outcome.DONE; // canceled or ended meanwhile
        }
        LOG.infof("job %s: worker stopping; handed back to the queue", current.id());
        return Outcome.RELEASE;
    }

    private Outcome failed(JobRequest request, StatusWriter status, I2vException e, int deliveries) {
        try {
            return recordFailure(request, status, e, deliveries);
        } catch (StatusWriter.JobCanceled canceled) {
            return Outcome.DONE; // canceled meanwhile: CANCELED stands, the failure does not matter
        } catch (StatusWriter.JobTakenOver takenOver) {
            return Outcome.LEAVE; // another delivery owns the job and its message
        }
    }

    private Outcome recordFailure(JobRequest request, StatusWriter status, I2vException e, int deliveries) {
        boolean retry = e.retryable() && deliveries < config.maxAttempts();
        if (retry) {
            LOG.warnf("job %s: attempt %d failed (%s: %s); will retry", request.jobId(), deliveries, e.code().code(),
                    e.getMessage());
            JobStatus noted = status.current().withMessage("Attempt " + deliveries + " failed (" + e.code().code()
                    + "); retrying.");
            status.save(noted.state() instanceof JobState.Queued ? noted : noted.to(new JobState.Queued(),
                    clock.instant()));
            return Outcome.RETRY;
        }
        ErrorInfo error = e.retryable()
                ? new ErrorInfo(e.code().code(), e.getMessage() + " (gave up after " + deliveries + " attempts)", false)
                : e.toInfo();
        failWith(status, error); // throws if canceled or taken over meanwhile
        LOG.warnf("job %s: failed: %s %s", request.jobId(), error.code(), error.message());
        return Outcome.DONE;
    }

    /** A message we cannot read: fail its job if we can name it, else leave it for the dead-letter queue. */
    private Outcome undecodable(String body, I2vException e) {
        String jobId = codec.peekJobId(body);
        LedgerStep step = jobId == null ? new LedgerStep.Missing() : ledger.update(jobId,
                s -> s.to(new JobState.Failed(e.toInfo()), clock.instant()),
                s -> JobEvent.of(JobEvent.FAILED, jobId, s.state(), null, clock.instant()));
        if (!(step instanceof LedgerStep.Written)) {
            LOG.errorf("unreadable job message (%s: %s); left for the dead-letter queue", e.code().code(),
                    e.getMessage());
            return step instanceof LedgerStep.Missing ? Outcome.RETRY : Outcome.DONE;
        }
        return Outcome.DONE;
    }

    private Path workRoot() throws IOException {
        Path root = config.workDir().orElse(Path.of(System.getProperty("java.io.tmpdir"), "i2v-work"));
        return Files.createDirectories(root);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debugf("could not clean %s: %s", dir, e.getMessage());
        }
    }
}
