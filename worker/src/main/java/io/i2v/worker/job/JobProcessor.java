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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
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

    private Outcome process(JobRequest request, int deliveries) {
        Optional<JobStatus> found = jobs.status(request.jobId());
        if (found.isEmpty()) {
            LOG.warnf("job %s: no status record (intake rolled back); message dropped", request.jobId());
            return Outcome.DONE;
        }
        if (found.get().state().terminal()) {
            LOG.infof("job %s: already %s; redelivery acknowledged", request.jobId(), found.get().state().name());
            return Outcome.DONE;
        }
        StatusWriter status = new StatusWriter(jobs, clock, found.get(),
                (stage, took) -> metrics.stage(config.backend(), stage.wire(), took));
        java.time.Instant started = clock.instant();
        metrics.started(java.time.Duration.between(request.submittedAt(), started));
        Outcome outcome = null;
        try {
            outcome = run(request, status, deliveries);
            return outcome;
        } catch (StatusWriter.JobCanceled e) {
            LOG.infof("job %s: canceled while running; stopped without a result", request.jobId());
            outcome = Outcome.DONE;
            return outcome;
        } catch (StatusWriter.JobTakenOver e) {
            LOG.warnf("job %s: a later delivery took this job over; this one stops without touching it",
                    request.jobId());
            outcome = Outcome.DONE;
            return outcome;
        } catch (I2vException e) {
            metrics.error(config.backend(), e.code().code());
            outcome = failed(request, status, e, deliveries);
            return outcome;
        } catch (Exception | LinkageError e) {
            LOG.errorf(e, "job %s: unexpected failure", request.jobId());
            metrics.error(config.backend(), ErrorCode.RENDER_FAILED.code());
            outcome = failed(request, status, new I2vException(ErrorCode.RENDER_FAILED,
                    "rendering failed: " + e.getClass().getSimpleName()), deliveries);
            return outcome;
        } finally {
            metrics.finished(config.backend(), outcome == Outcome.RETRY ? "retrying"
                    : status.current().state().name().toLowerCase(), java.time.Duration.between(started, clock.instant()));
        }
    }

    private Outcome run(JobRequest request, StatusWriter status, int deliveries) throws Exception {
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
            BackendResult render = backends.selected().run(job, new VideoBackend.Progress() {
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
            });
            status.save(status.current().withPlan(render.interpretation(), render.timeline()));
            render.messages().forEach(m -> status.save(status.current().withMessage(m)));

            status.progress(JobStage.STORING, 0, 90, 99);
            VideoInfo info = OutputCheck.verify(render);
            JobResult result = results.store(request.jobId(), config.backend(), request.prompt(), names, render, info);
            JobStatus done = status.save(status.current().withResult(result)
                    .to(new JobState.Succeeded(), clock.instant()));
            publish(JobEvent.of(JobEvent.SUCCEEDED, request.jobId(), done.state(), result, clock.instant()));
            LOG.infof("job %s: succeeded, %dx%d %.2f s, %d bytes", request.jobId(), info.width(), info.height(),
                    info.durationSeconds(), result.sizeBytes());
            return Outcome.DONE;
        } finally {
            deleteTree(work);
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
