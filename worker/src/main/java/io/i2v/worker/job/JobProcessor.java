package io.i2v.worker.job;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.ErrorInfo;
import io.i2v.core.error.I2vException;
import io.i2v.core.event.EventPublisher;
import io.i2v.core.event.JobEvent;
import io.i2v.core.job.ImageRef;
import io.i2v.core.job.JobRequest;
import io.i2v.core.job.JobRequestCodec;
import io.i2v.core.job.JobResult;
import io.i2v.core.job.JobStage;
import io.i2v.core.job.JobState;
import io.i2v.core.job.JobStatus;
import io.i2v.core.job.TraceContext;
import org.jboss.logging.MDC;
import io.i2v.core.storage.JobRepository;
import io.i2v.worker.backend.AsyncVideoBackend;
import io.i2v.worker.backend.BackendJob;
import io.i2v.worker.backend.BackendResult;
import io.i2v.worker.backend.Backends;
import io.i2v.worker.backend.VideoBackend;
import io.i2v.core.job.Interpretation;
import io.i2v.worker.config.WorkerConfig;
import io.i2v.worker.inputs.InputFetcher;
import io.i2v.worker.media.ImageDecoder;
import io.i2v.worker.media.VideoInfo;
import io.i2v.worker.ops.JobMetrics;
import io.i2v.worker.results.OutputCheck;
import io.i2v.worker.results.ResultStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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

/**
 * Runs one delivery of a job message to its end: QUEUED → RUNNING → SUCCEEDED | FAILED, or
 * back to QUEUED for another attempt after a transient failure. A finished job's redelivery is
 * acknowledged without work.
 */
@ApplicationScoped
public class JobProcessor {
    private static final Logger LOG = Logger.getLogger(JobProcessor.class);

    private final JobRepository jobs;
    private final JobRequestCodec codec;
    private final EventPublisher events;
    private final InputFetcher inputs;
    private final ResultStore results;
    private final Backends backends;
    private final WorkerConfig config;
    private final Clock clock;
    private final ImageDecoder decoder;
    private final JobMetrics metrics;

    public JobProcessor(JobRepository jobs, ObjectMapper json, EventPublisher events, InputFetcher inputs,
                        ResultStore results, Backends backends, WorkerConfig config, Clock clock,
                        JobMetrics metrics) {
        this.metrics = metrics;
        this.jobs = jobs;
        this.codec = new JobRequestCodec(json);
        this.events = events;
        this.inputs = inputs;
        this.results = results;
        this.backends = backends;
        this.config = config;
        this.clock = clock;
        this.decoder = new ImageDecoder(config.maxPixels(), config.render().longSide());
    }

    /** @param deliveries how often the queue has handed out this message, this time included */
    public Outcome process(String body, int deliveries) {
        JobRequest request;
        try {
            request = codec.decode(body);
        } catch (I2vException e) {
            return undecodable(body, e);
        }
        MDC.put("jobId", request.jobId());
        String traceId = TraceContext.traceId(request.traceparent());
        if (traceId != null) {
            MDC.put("traceId", traceId);
        }
        try {
            return process(request, deliveries);
        } finally {
            MDC.remove("jobId");
            MDC.remove("traceId");
        }
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
            Instant started = clock.instant();
            Prepared prepared;
            try {
                prepared = prepare(request, status, deliveries);
            } catch (Exception | LinkageError e) {
                return CompletableFuture.completedFuture(finished(status, started, failure(request, status, e,
                        deliveries)));
            }
            AsyncVideoBackend backend = (AsyncVideoBackend) backends.selected();
            return backend.start(prepared.job(), prepared.progress())
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .map(render -> inMdc(request, () -> {
                        try {
                            return finish(request, status, prepared, render);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }))
                    .onFailure().recoverWithItem(e -> inMdc(request, () -> failure(request, status, e, deliveries)))
                    .onTermination().invoke(() -> deleteTree(prepared.work()))
                    .map(outcome -> finished(status, started, outcome))
                    .subscribeAsCompletionStage();
        });
    }

    private Outcome process(JobRequest request, int deliveries) {
        StatusWriter status = begin(request);
        if (status == null) {
            return Outcome.DONE;
        }
        Instant started = clock.instant();
        Outcome outcome = null;
        try {
            try {
                outcome = run(request, status, deliveries);
            } catch (Exception | LinkageError e) {
                outcome = failure(request, status, e, deliveries);
            }
            return outcome;
        } finally {
            finished(status, started, outcome);
        }
    }

    /** The job's status writer, or null when there is nothing to do (no record, or already finished). */
    private StatusWriter begin(JobRequest request) {
        Optional<JobStatus> found = jobs.status(request.jobId());
        if (found.isEmpty()) {
            LOG.warnf("job %s: no status record (intake rolled back); message dropped", request.jobId());
            return null;
        }
        if (found.get().state().terminal()) {
            LOG.infof("job %s: already %s; redelivery acknowledged", request.jobId(), found.get().state().name());
            return null;
        }
        metrics.started(Duration.between(request.submittedAt(), clock.instant()));
        return new StatusWriter(jobs, clock, found.get(),
                (stage, took) -> metrics.stage(config.backend(), stage.wire(), took));
    }

    private Outcome finished(StatusWriter status, Instant started, Outcome outcome) {
        metrics.finished(config.backend(), outcome == Outcome.RETRY ? "retrying"
                : status.current().state().name().toLowerCase(), Duration.between(started, clock.instant()));
        return outcome;
    }

    private Outcome failure(JobRequest request, StatusWriter status, Throwable e, int deliveries) {
        if (e instanceof UncheckedIOException || e instanceof java.util.concurrent.CompletionException) {
            e = e.getCause() != null ? e.getCause() : e;
        }
        if (e instanceof StatusWriter.JobCanceled) {
            LOG.infof("job %s: canceled while running; stopped without a result", request.jobId());
            return Outcome.DONE;
        }
        if (e instanceof StatusWriter.JobTakenOver) {
            LOG.warnf("job %s: a later delivery took this job over; this one stops without touching it",
                    request.jobId());
            return Outcome.DONE;
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

    /** What a backend gets: the job, where it reports, and the scratch folder to remove afterwards. */
    private record Prepared(BackendJob job, VideoBackend.Progress progress, List<String> names, Path work) {
    }

    private Outcome run(JobRequest request, StatusWriter status, int deliveries) throws Exception {
        Prepared prepared = prepare(request, status, deliveries);
        try {
            BackendResult render = backends.selected().run(prepared.job(), prepared.progress());
            return finish(request, status, prepared, render);
        } finally {
            deleteTree(prepared.work());
        }
    }

    private Prepared prepare(JobRequest request, StatusWriter status, int deliveries) throws Exception {
        boolean firstStart = status.current().attempts() == 0;
        LOG.infof("job %s: started (delivery %d, backend %s)", request.jobId(), deliveries, config.backend());
        status.save(status.current().to(new JobState.Running(JobStage.PREPARING, 0), clock.instant()).withAttempt());
        if (firstStart) {
            publish(JobEvent.of(JobEvent.STARTED, request.jobId(), status.current().state(), null, clock.instant()));
        }
        Path work = Files.createDirectories(workRoot().resolve(request.jobId() + "-" + deliveries));
        try {
            List<BackendJob.InputImage> images = new ArrayList<>();
            List<String> names = new ArrayList<>();
            int i = 0;
            for (ImageRef ref : request.images()) {
                Path file = inputs.fetch(ref, work.resolve("input-" + i++));
                images.add(new BackendJob.InputImage(ref.name() == null ? "image" : ref.name(), decoder.decode(file),
                        file));
                names.add(ref.key() != null ? ref.key() : ref.url());
            }
            status.progress(JobStage.PREPARING, 1, 0, 5);
            BackendJob job = new BackendJob(request.jobId(), request.prompt(), request.options(), images, work,
                    request.parentJobId(), status.current().checkpoints());
            return new Prepared(job, progress(status), names, work);
        } catch (Exception | LinkageError e) {
            deleteTree(work);
            throw e;
        }
    }

    private static VideoBackend.Progress progress(StatusWriter status) {
        return new VideoBackend.Progress() {
            public void report(JobStage stage, double fraction) {
                status.progress(stage, fraction, 5, 90);
            }

            public void planned(Interpretation interpretation, String timeline) {
                status.save(status.current().withPlan(interpretation, timeline));
            }

            public void checkpoint(String step, String value) {
                status.save(status.current().withCheckpoint(step, value));
            }

            public void message(String text) {
                status.save(status.current().withMessage(text));
            }

            public void creditsUsed(int credits) {
                status.save(status.current().withCreditsUsed(credits));
            }
        };
    }

    private Outcome finish(JobRequest request, StatusWriter status, Prepared prepared, BackendResult render)
            throws IOException {
        status.save(status.current().withPlan(render.interpretation(), render.timeline()));
        render.messages().forEach(m -> status.save(status.current().withMessage(m)));

        status.progress(JobStage.STORING, 0, 90, 99);
        VideoInfo info = OutputCheck.verify(render);
        JobResult result = results.store(request.jobId(), config.backend(), request.prompt(), prepared.names(), render,
                info);
        JobStatus done = status.save(status.current().withResult(result).to(new JobState.Succeeded(), clock.instant()));
        publish(JobEvent.of(JobEvent.SUCCEEDED, request.jobId(), done.state(), result, clock.instant()));
        LOG.infof("job %s: succeeded, %dx%d %.2f s, %d bytes", request.jobId(), info.width(), info.height(),
                info.durationSeconds(), result.sizeBytes());
        return Outcome.DONE;
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

    private Outcome failed(JobRequest request, StatusWriter status, I2vException e, int deliveries) {
        try {
            return recordFailure(request, status, e, deliveries);
        } catch (StatusWriter.JobCanceled | StatusWriter.JobTakenOver stopped) {
            return Outcome.DONE; // canceled or taken over meanwhile: this delivery's failure does not matter
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
        JobStatus failed = status.to(new JobState.Failed(error)); // throws if canceled or taken over meanwhile
        LOG.warnf("job %s: failed: %s %s", request.jobId(), error.code(), error.message());
        publish(JobEvent.of(JobEvent.FAILED, request.jobId(), failed.state(), null, clock.instant()));
        return Outcome.DONE;
    }

    /** A message we cannot read: fail its job if we can name it, else leave it for the dead-letter queue. */
    private Outcome undecodable(String body, I2vException e) {
        String jobId = codec.peekJobId(body);
        Optional<JobStatus> status = jobId == null ? Optional.empty() : jobs.status(jobId);
        if (status.isEmpty() || status.get().state().terminal()) {
            LOG.errorf("unreadable job message (%s: %s); left for the dead-letter queue", e.code().code(),
                    e.getMessage());
            return status.isPresent() ? Outcome.DONE : Outcome.RETRY;
        }
        JobStatus failed = status.get().to(new JobState.Failed(e.toInfo()), clock.instant());
        jobs.save(failed);
        publish(JobEvent.of(JobEvent.FAILED, jobId, failed.state(), null, clock.instant()));
        return Outcome.DONE;
    }

    private void publish(JobEvent event) {
        try {
            events.publish(event);
        } catch (I2vException e) {
            LOG.warnf("job %s: %s event not published: %s", event.jobId(), event.type(), e.getMessage());
        }
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
