package io.i2v.worker.nemo;

import io.i2v.core.storage.JobRepository;
import io.i2v.worker.backend.BackendJob;
import io.i2v.worker.backend.BackendResult;
import io.i2v.worker.backend.AsyncVideoBackend;
import io.i2v.worker.config.WorkerConfig;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;

/**
 * The NemoVideo cloud backend. {@link #start} is the non-blocking job (what many concurrent jobs
 * use); {@link #run} waits for it, for the one-job-at-a-time consumer.
 */
@ApplicationScoped
@Identifier("nemo")
public class NemoBackend implements AsyncVideoBackend {
    private final NemoClient client;
    private final WorkerConfig.Nemo config;
    private final JobRepository jobs;
    private final InFlight inFlight;
    private final Map<String, CompletableFuture<BackendResult>> running = new ConcurrentHashMap<>();
    private static final Logger LOG = Logger.getLogger(NemoBackend.class);

    public NemoBackend(NemoClient client, WorkerConfig config, JobRepository jobs) {
        this.client = client;
        this.config = config.nemo();
        this.jobs = jobs;
        this.inFlight = new InFlight(this.config.maxInFlight());
    }

    @Override
    public BackendResult run(BackendJob job, Progress progress) throws Exception {
        CompletableFuture<BackendResult> flow = start(job, progress).subscribeAsCompletionStage();
        running.put(job.jobId(), flow);
        try {
            return flow.get();
        } catch (ExecutionException | CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (InterruptedException e) {
            flow.cancel(true); // ends the subscription: no more stream reads or polls for this job
            throw e;
        } finally {
            running.remove(job.jobId());
        }
    }

    /**
     * Stops the job's cloud work (watchdog, cancel): its flow is cancelled and a submitted render
     * (the {@code nemo.render} checkpoint) is cancelled at NemoVideo. Best effort.
     */
    @Override
    public void cancel(String jobId) {
        CompletableFuture<BackendResult> flow = running.remove(jobId);
        if (flow != null) {
            flow.cancel(true);
        }
        try {
            String renderId = jobs.status(jobId).map(s -> s.checkpoints().get(NemoJobRun.RENDER)).orElse(null);
            if (renderId != null) {
                client.cancelRender(renderId).ifNoItem().after(config.callTimeout()).fail().subscribe().with(
                        ok -> LOG.infof("job %s: render %s cancelled at NemoVideo", jobId, renderId),
                        e -> LOG.warnf("job %s: render %s could not be cancelled: %s", jobId, renderId,
                                e.getMessage()));
            }
        } catch (RuntimeException e) {
            LOG.warnf("job %s: the render could not be cancelled: %s", jobId, e.getMessage());
        }
    }

    /** The job as a {@link Uni}: no thread is held while it waits on the cloud (streams, polls, waits). */
    @Override
    public Uni<BackendResult> start(BackendJob job, Progress progress) {
        return inFlight.acquire()
                .flatMap(v -> new NemoJobRun(client, config, jobs, job, progress).run())
                .onTermination().invoke(inFlight::release);
    }
}
