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
    /** Checkpoint: the result is in S3 (value: its sha256). */
    static final String STORED = "result-stored";
    /** Checkpoint: job.succeeded went out. */
    static final String NOTIFIED = "succeeded-notified";

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
    private final WorkerStopping stopping;
    private final Watchdog watchdog;

    public JobProcessor(JobRepository jobs, ObjectMapper json, EventPublisher events, InputFetcher inputs,
                        ResultStore results, Backends backends, WorkerConfig config, Clock clock,
                        JobMetrics metrics, io.i2v.core.config.I2vConfig shared, WorkerStopping stopping,
                        Watchdog watchdog) {
        this.stopping = stopping;
        this.watchdog = watchdog;
        this.metrics = metrics;
        this.jobs = jobs;
        this.codec = new JobRequestCodec(json);
        this.events = events;
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
            notifySucceededOnce(found.get());
            return Outcome.DONE;
        }
        if (stopping.stopping()) {
            return Outcome.RELEASE;
        }
        StatusWriter status = new StatusWriter(jobs, clock, found.get(),
                (stage, took) -> metrics.stage(config.backend(), stage.wire(), took),
                (running, at) -> publish(JobEvent.progress(request.jobId(), running, at)),
                config.notifications().progressInterval(), stopping);
        java.time.Instant started = clock.instant();
        metrics.started(java.time.Duration.between(request.submittedAt(), started));
        Thread jobThread = Thread.currentThread();
        Watchdog.Watch watch = watchdog.watch(request.jobId(), () -> {
            jobThread.interrupt();
            backends.selected().cancel(request.jobId());
        });
        Outcome outcome = null;
        try {
            outcome = run(request, status, deliveries, watch);
            return outcome;
        } catch (WorkerStopping.JobReleased e) {
            outcome = release(status);
            return outcome;
        } catch (StatusWriter.JobCanceled e) {
            backends.selected().cancel(request.jobId()); // a remote render stops too
            LOG.infof("job %s: canceled while running; stopped without a result", request.jobId());
            outcome = Outcome.DONE;
            return outcome;
        } catch (StatusWriter.JobTakenOver e) {
            LOG.warnf("job %s: a later delivery took this job over; this one stops without touching it",
                    request.jobId());
            outcome = Outcome.LEAVE;
            return outcome;
        } catch (I2vException e) {
            outcome = watch.stalled() ? stalled(request, status) : failure(request, status, e, deliveries);
            return outcome;
        } catch (Exception | LinkageError e) {
            if (watch.stalled()) {
                outcome = stalled(request, status);
                return outcome;
            }
            LOG.errorf(e, "job %s: unexpected failure", request.jobId());
            outcome = failure(request, status, new I2vException(ErrorCode.RENDER_FAILED,
                    "rendering failed: " + e.getClass().getSimpleName()), deliveries);
            return outcome;
        } finally {
            watch.close();
            Thread.interrupted(); // a watchdog interrupt must not leak into the next job on this thread
            metrics.finished(config.backend(), outcome == Outcome.RETRY ? "retrying"
                    : status.current().state().name().toLowerCase(), java.time.Duration.between(started, clock.instant()));
        }
    }

    private Outcome failure(JobRequest request, StatusWriter status, I2vException e, int deliveries) {
        metrics.error(config.backend(), e.code().code());
        return failed(request, status, e, deliveries);
    }

    /** The watchdog stopped the job: FAILED with {@code stalled}, not retried (its remote work was cancelled). */
    private Outcome stalled(JobRequest request, StatusWriter status) {
        Thread.interrupted();
        metrics.error(config.backend(), ErrorCode.STALLED.code());
        ErrorInfo error = new ErrorInfo(ErrorCode.STALLED.code(), "the job made no progress for "
                + watchdog.timeout().toSeconds() + " s and was stopped", false);
        try {
            JobStatus failed = status.to(new JobState.Failed(error));
            publish(JobEvent.of(JobEvent.FAILED, request.jobId(), failed.state(), null, clock.instant()));
            LOG.warnf("job %s: failed: %s %s", request.jobId(), error.code(), error.message());
        } catch (StatusWriter.JobCanceled canceled) {
            // canceled meanwhile: CANCELED stands
        }
        return Outcome.DONE;
    }

    private Outcome run(JobRequest request, StatusWriter status, int deliveries, Watchdog.Watch watch)
            throws Exception {
        boolean firstStart = status.current().attempts() == 0;
        LOG.infof("job %s: started (delivery %d, backend %s)", request.jobId(), deliveries, config.backend());
        status.save(status.current().to(new JobState.Running(JobStage.PREPARING, 0), clock.instant()).withAttempt());
        if (firstStart) {
            publish(JobEvent.of(JobEvent.STARTED, request.jobId(), status.current().state(), null, clock.instant()));
        }
        if (status.current().checkpoints().containsKey(STORED) && status.current().result() != null) {
            LOG.infof("job %s: result already stored (checkpoint); finishing without rendering again",
                    request.jobId());
            return succeed(request, status);
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
                names.add(ref.key() != null ? ref.key() : io.i2v.core.url.UrlPolicy.withoutSecrets(ref.url()));
            }
            status.progress(JobStage.PREPARING, 1, 0, 5);
            BackendJob job = new BackendJob(request.jobId(), request.prompt(), request.options(), images, work,
                    audio, request.parentJobId(), status.current().checkpoints());
            BackendResult render = backends.selected().run(job, new VideoBackend.Progress() {
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
            });
            LOG.infof("job %s: render finished", request.jobId());
            status.save(status.current().withPlan(render.interpretation(), render.timeline()));
            render.messages().forEach(m -> status.save(status.current().withMessage(m)));

            status.progress(JobStage.STORING, 0, 90, 99);
            VideoInfo info = OutputCheck.verify(render);
            LOG.infof("job %s: storing result", request.jobId());
            JobResult result = results.store(request.jobId(), config.backend(), request.prompt(), names, render, info);
            List<JobResult> all = new ArrayList<>(List.of(result));
            for (BackendResult clip : render.clips()) { // one clip per image: each checked and stored the same way
                all.add(results.store(request.jobId(), config.backend(), request.prompt(), names, clip,
                        OutputCheck.verify(clip), all.size() + 1));
            }
            // checkpoint: a delivery after this point finishes the job without rendering or uploading again
            status.save((all.size() > 1 ? status.current().withResults(all) : status.current().withResult(result))
                    .withCheckpoint(STORED, result.sha256()));
            LOG.infof("job %s: result stored, %dx%d %.2f s, %d bytes", request.jobId(), info.width(), info.height(),
                    info.durationSeconds(), result.sizeBytes());
            return succeed(request, status);
        } finally {
            deleteTree(work);
        }
    }

    /** SUCCEEDED, then the one job.succeeded event, then a checkpoint saying it went out. */
    private Outcome succeed(JobRequest request, StatusWriter status) {
        JobStatus done = status.save(status.current().to(new JobState.Succeeded(), clock.instant()));
        notifySucceededOnce(done);
        LOG.infof("job %s: succeeded", request.jobId());
        return Outcome.DONE;
    }

    /**
     * Sends job.succeeded for a succeeded job unless a checkpoint says it was sent: a worker that
     * died between the status write and the event leaves it to the redelivery. (A death between the
     * event and its checkpoint sends it twice, with the same event id.)
     */
    private void notifySucceededOnce(JobStatus status) {
        if (!(status.state() instanceof JobState.Succeeded) || status.checkpoints().containsKey(NOTIFIED)) {
            return;
        }
        publish(JobEvent.of(JobEvent.SUCCEEDED, status.id(), status.state(), status.result(), clock.instant()));
        jobs.save(status.withCheckpoint(NOTIFIED, "job.succeeded"));
    }

    /** The worker is stopping: back to QUEUED (what is checkpointed stays), for another worker to resume. */
    private Outcome release(StatusWriter status) {
        JobStatus current = jobs.status(status.current().id()).orElse(status.current());
        if (current.state().terminal()) {
            return Outcome.DONE; // canceled meanwhile
        }
        JobStatus queued = current.withMessage("The worker stopped; the job was handed back to the queue.");
        jobs.save(queued.state() instanceof JobState.Queued ? queued : queued.to(new JobState.Queued(),
                clock.instant()));
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
