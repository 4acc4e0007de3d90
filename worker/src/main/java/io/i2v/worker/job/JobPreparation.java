package io.i2v.worker.job;

import io.i2v.core.config.I2vConfig;
import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.event.JobEvent;
import io.i2v.core.job.ImageRef;
import io.i2v.core.job.JobRequest;
import io.i2v.core.job.JobStage;
import io.i2v.core.job.JobState;
import io.i2v.core.job.JobStatus;
import io.i2v.core.net.OutboundPolicy;
import io.i2v.core.storage.JobRepository;
import io.i2v.core.storage.TrackedStatus;
import io.i2v.worker.backend.BackendJob;
import io.i2v.worker.backend.VideoBackend;
import io.i2v.worker.config.WorkerConfig;
import io.i2v.worker.inputs.InputFetcher;
import io.i2v.worker.media.ImageDecoder;
import io.i2v.worker.plan.PromptInterpreter;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The first step of a delivery after its status: RUNNING (with job.started the first time), a
 * work folder, the inputs fetched and decoded, and everything the backend needs in one
 * {@link BackendJob} (the instruction, an edit's parent, the checkpoints, the plan's batch flag).
 */
@ApplicationScoped
class JobPreparation {
    private static final Logger LOG = Logger.getLogger(JobPreparation.class);

    private final JobRepository jobs;
    private final InputFetcher inputs;
    private final KeptRenders kept;
    private final Clock clock;
    private final String backend;
    private final ImageDecoder decoder;
    private final PromptInterpreter interpreter;
    private final String defaultPrompt;

    JobPreparation(
            JobRepository jobs,
            InputFetcher inputs,
            KeptRenders kept,
            Clock clock,
            WorkerConfig config,
            I2vConfig shared) {
        this.jobs = jobs;
        this.inputs = inputs;
        this.kept = kept;
        this.clock = clock;
        this.backend = config.backend();
        this.decoder = new ImageDecoder(
                config.maxPixels(),
                shared.intake().maxFileBytes(),
                config.render().longSide());
        this.interpreter = PromptInterpreter.of(config.render());
        this.defaultPrompt = shared.intake().defaultPrompt();
    }

    /** What a backend gets: the job, where it reports, and the scratch folder to remove afterwards. */
    record Prepared(BackendJob job, VideoBackend.Progress progress, List<String> names, Path work) {}

    Prepared prepare(JobRequest request, StatusWriter status, int deliveries, Watchdog.Watch watch) throws Exception {
        LOG.infof("job %s: started (delivery %d, backend %s)", request.jobId(), deliveries, backend);
        claim(jobs, clock, request.jobId(), status);
        Path work = kept.open(status.current(), deliveries);
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
                    images.add(new BackendJob.InputImage(
                            ref.name() == null ? "image" : ref.name(), decoder.decode(file), file));
                }
                names.add(ref.key() != null ? ref.key() : OutboundPolicy.withoutSecrets(ref.url()));
                watch.touch();
            }
            status.progress(JobStage.PREPARING, 1, 0, 5);
            // intake gives every job an instruction; one written by an older intake may lack it
            String prompt = request.prompt() == null || request.prompt().isBlank() ? defaultPrompt : request.prompt();
            BackendJob job = new BackendJob(
                    request.jobId(),
                    prompt,
                    request.options(),
                    images,
                    work,
                    audio,
                    parent(request),
                    status.current().checkpoints(),
                    clipPerImage(prompt, request, images));
            return new Prepared(job, new ProgressReports(status, watch), names, work);
        } catch (Exception | LinkageError e) {
            kept.close(work);
            throw e;
        }
    }

    /**
     * RUNNING with this delivery's attempt (and job.started the first time). The write is
     * conditional on the status this delivery read; a redelivery that takes over from a worker
     * still running can lose it to that worker's progress write, made in between. Only then (the
     * stored attempts unchanged, the job not ended) is it made again from the status as it now is,
     * so the later delivery wins as it should; a cancel, an end or yet another delivery still stops
     * this one.
     */
    static void claim(JobRepository jobs, Clock clock, String jobId, StatusWriter status) {
        int attempts = status.current().attempts();
        for (int tries = 1; ; tries++) {
            JobStatus running = status.current()
                    .to(new JobState.Running(JobStage.PREPARING, 0), clock.instant())
                    .withAttempt();
            try {
                if (attempts == 0) {
                    status.save(running, JobEvent.of(JobEvent.STARTED, jobId, running.state(), null, clock.instant()));
                } else {
                    status.save(running);
                }
                return;
            } catch (StatusWriter.JobTakenOver e) {
                Optional<TrackedStatus> now = jobs.tracked(jobId);
                if (tries == CLAIM_TRIES
                        || now.isEmpty()
                        || now.get().status().state().terminal()
                        || now.get().status().attempts() != attempts) {
                    throw e;
                }
                status.restart(now.get());
            }
        }
    }

    private static final int CLAIM_TRIES = 3;

    /** Several images (not an edit) and an instruction asking for one clip each: the plan's batch flag. */
    private boolean clipPerImage(String prompt, JobRequest request, List<BackendJob.InputImage> images) {
        if (images.size() < 2 || request.parentJobId() != null) {
            return false;
        }
        List<String> names = images.stream().map(BackendJob.InputImage::name).toList();
        return interpreter.interpret(prompt, request.options(), names).batch();
    }

    /** The job an edit starts from, as the backend needs it: its checkpoints and timeline draft. */
    private BackendJob.Parent parent(JobRequest request) {
        String parentId = request.parentJobId();
        if (parentId == null) {
            return null;
        }
        JobStatus parent = jobs.status(parentId)
                .orElseThrow(() -> new I2vException(
                        ErrorCode.CONFLICT, "job " + parentId + ", which this job edits, no longer exists", false));
        return new BackendJob.Parent(
                parentId, parent.checkpoints(), jobs.timelineDraft(parentId).orElse(null));
    }
}
