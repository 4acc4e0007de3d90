package io.i2v.worker.job;

import io.i2v.core.event.JobEvent;
import io.i2v.core.job.JobLedger;
import io.i2v.core.job.JobRequest;
import io.i2v.core.job.JobResult;
import io.i2v.core.job.JobStage;
import io.i2v.core.job.JobState;
import io.i2v.core.job.JobStatus;
import io.i2v.core.storage.JobRepository;
import io.i2v.worker.backend.BackendResult;
import io.i2v.worker.backend.Backends;
import io.i2v.worker.config.WorkerConfig;
import io.i2v.worker.media.VideoInfo;
import io.i2v.worker.ops.JobMetrics;
import io.i2v.worker.results.OutputCheck;
import io.i2v.worker.results.ResultStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The last step of a delivery: the render (and a batch's clips) checked and stored under the
 * result keys, the timeline draft kept for edits, the result-stored checkpoint, and SUCCEEDED
 * with its job.succeeded event; also the shortcut for a delivery that finds the result stored.
 */
@ApplicationScoped
class JobFinish {
    private static final Logger LOG = Logger.getLogger(JobFinish.class);
    /** Checkpoint: the result is in S3 (value: its sha256). */
    static final String STORED = "result-stored";
    /** Checkpoint of older workers: job.succeeded went out (now the outbox's claim says so). */
    static final String NOTIFIED = "succeeded-notified";

    private final JobRepository jobs;
    private final JobLedger ledger;
    private final ResultStore results;
    private final KeptRenders kept;
    private final Backends backends;
    private final Clock clock;
    private final JobMetrics metrics;
    private final String backend;

    JobFinish(
            JobRepository jobs,
            JobLedger ledger,
            ResultStore results,
            KeptRenders kept,
            Backends backends,
            Clock clock,
            JobMetrics metrics,
            WorkerConfig config) {
        this.jobs = jobs;
        this.ledger = ledger;
        this.results = results;
        this.kept = kept;
        this.backends = backends;
        this.clock = clock;
        this.metrics = metrics;
        this.backend = config.backend();
    }

    /** A delivery after the result-stored checkpoint only finishes the job (no second render or upload). */
    boolean storedAlready(JobRequest request, StatusWriter status) {
        if (!status.current().checkpoints().containsKey(STORED)
                || status.current().result() == null) {
            return false;
        }
        LOG.infof("job %s: result already stored (checkpoint); finishing without rendering again", request.jobId());
        return true;
    }

    /** Checks and stores the render (and a batch's clips) and the timeline draft, checkpoints that, and succeeds. */
    Outcome store(JobRequest request, StatusWriter status, JobPreparation.Prepared prepared, BackendResult render)
            throws IOException {
        status.save(status.current().withPlan(render.interpretation(), render.timeline()));
        render.messages().forEach(m -> status.save(status.current().withMessage(m)));

        status.progress(JobStage.STORING, 0, 90, 99);
        long t0 = System.nanoTime();
        VideoInfo info = OutputCheck.verify(render);
        long t1 = System.nanoTime();
        metrics.step(backend, "check", Duration.ofNanos(t1 - t0));
        LOG.infof("job %s: storing result", request.jobId());
        String madeBy = backends.madeBy(request.options(), status.current().checkpoints());
        ResultStore.Stored stored =
                results.store(request.jobId(), madeBy, request.prompt(), prepared.names(), render, info);
        JobResult result = stored.result();
        metrics.step(backend, "store", Duration.ofNanos(System.nanoTime() - t1));
        List<JobResult> all = new ArrayList<>(List.of(result));
        for (BackendResult clip : render.clips()) { // one clip per image: each checked and stored the same way
            all.add(results.store(
                            request.jobId(),
                            madeBy,
                            request.prompt(),
                            prepared.names(),
                            clip,
                            OutputCheck.verify(clip),
                            all.size() + 1)
                    .result());
        }
        if (render.draft() != null) {
            jobs.saveTimelineDraft(request.jobId(), render.draft());
        }
        // logged before the checkpoint, so a count of these lines (./i2v chaos) sees every upload that is
        // done again, and never misses one whose delivery was killed right after the checkpoint
        LOG.infof(
                stored.uploaded()
                        ? "job %s: result stored, %dx%d %.2f s, %d bytes"
                        : "job %s: result found in S3 from an earlier delivery (same sha256), not uploaded again,"
                                + " %dx%d %.2f s, %d bytes",
                request.jobId(),
                info.width(),
                info.height(),
                info.durationSeconds(),
                result.sizeBytes());
        // checkpoint: a delivery after this point finishes the job without rendering or uploading again
        status.save((all.size() > 1
                        ? status.current().withResults(all)
                        : status.current().withResult(result))
                .withCheckpoint(STORED, result.sha256()));
        kept.discard(request.jobId());
        return succeed(request, status);
    }

    /** SUCCEEDED and its job.succeeded event, in one ledger step. */
    Outcome succeed(JobRequest request, StatusWriter status) {
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
     * status write and claiming the event; the outbox's claim on the event id makes sure it goes
     * out once (one claimed and not sent went out with the relay above).
     */
    void notifySucceededOnce(JobStatus status) {
        if (status.state() instanceof JobState.Succeeded
                && !status.checkpoints().containsKey(NOTIFIED)) {
            ledger.publish(status, succeeded(status));
        }
    }
}
