package io.i2v.worker.job;

import io.i2v.core.job.JobStatus;
import io.i2v.core.storage.S3Keys;
import io.i2v.worker.backend.BackendResult;
import io.i2v.worker.config.WorkerConfig;
import io.i2v.worker.ops.JobMetrics;
import io.i2v.worker.results.RenderSpool;
import io.i2v.worker.results.RenderStage;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Where a job's render is kept from the moment the backend hands it over until its result is
 * stored, so that no crash in between costs a second render: the delivery's work folder on this
 * disk ({@link RenderSpool}, from the first moment), then S3 ({@link RenderStage}, checkpointed
 * {@code render-staged}, for any worker). A later delivery takes the render from whichever it
 * finds.
 */
@ApplicationScoped
class KeptRenders {
    private static final Logger LOG = Logger.getLogger(KeptRenders.class);
    /** Checkpoint: the render is staged in S3 (value: where), so a redelivery checks and stores it instead of rendering. */
    static final String STAGED = "render-staged";

    /** A render an earlier delivery finished: staged in S3 ({@code inS3}), or kept on this worker's disk. */
    record Earlier(BackendResult render, boolean inS3) {}

    private final RenderStage stage;
    private final RenderSpool spool;
    private final JobMetrics metrics;
    private final WorkerConfig config;

    KeptRenders(RenderStage stage, RenderSpool spool, JobMetrics metrics, WorkerConfig config) {
        this.stage = stage;
        this.spool = spool;
        this.metrics = metrics;
        this.config = config;
    }

    /** The work folder of this delivery of {@code job}. */
    Path open(JobStatus job, int delivery) throws IOException {
        Path root = Files.createDirectories(
                config.workDir().orElse(Path.of(System.getProperty("java.io.tmpdir"), "i2v-work")));
        return spool.open(root, job.id(), instance(job), delivery);
    }

    void close(Path work) {
        spool.close(work);
    }

    /**
     * Keeps a fresh render on disk (from here on it counts as finished: a crash costs no second
     * render on this disk), then stages it in S3.
     */
    BackendResult rendered(String jobId, StatusWriter status, Path work, BackendResult render) throws IOException {
        long t0 = System.nanoTime();
        spool.keep(work, render);
        LOG.infof("job %s: render finished (kept on disk in %d ms)", jobId, (System.nanoTime() - t0) / 1_000_000);
        return stage(jobId, status, render);
    }

    /**
     * Stages a render in S3 and checkpoints that, before anything else happens to it: from here
     * on a crash costs a download, not a render, on any worker.
     */
    BackendResult stage(String jobId, StatusWriter status, BackendResult render) throws IOException {
        long t0 = System.nanoTime();
        stage.put(jobId, render);
        metrics.step(config.backend(), "stage-upload", Duration.ofNanos(System.nanoTime() - t0));
        status.save(status.current().withCheckpoint(STAGED, S3Keys.staged(jobId, "")));
        return render;
    }

    /**
     * The render an earlier delivery finished: the one it staged (the render-staged checkpoint),
     * downloaded into {@code work}, else one it kept on this worker's disk.
     */
    Optional<Earlier> earlier(String jobId, StatusWriter status, Path work) throws IOException {
        if (status.current().checkpoints().containsKey(STAGED)) {
            Optional<BackendResult> staged = stage.take(jobId, work);
            if (staged.isPresent()) {
                LOG.infof(
                        "job %s: render staged by an earlier delivery; checking and storing it without rendering "
                                + "again",
                        jobId);
                return Optional.of(new Earlier(staged.get(), true));
            }
        }
        Optional<BackendResult> kept = spool.recover(work.getParent(), jobId, instance(status.current()), work);
        kept.ifPresent(k -> LOG.infof(
                "job %s: render kept on disk by an earlier delivery; staging and storing it "
                        + "without rendering again",
                jobId));
        return kept.map(k -> new Earlier(k, false));
    }

    /** Once the result is stored the kept render is not needed. */
    void discard(String jobId) {
        stage.discard(jobId);
    }

    /** This job and no other with its id (another bucket's): the id and when it was created. */
    private static String instance(JobStatus job) {
        return job.id() + " " + job.createdAt();
    }
}
