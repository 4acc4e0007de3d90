package io.i2v.worker.nemo;

import io.i2v.core.storage.JobRepository;
import io.i2v.worker.backend.BackendJob;
import io.i2v.worker.backend.BackendResult;
import io.i2v.worker.backend.AsyncVideoBackend;
import io.i2v.worker.config.WorkerConfig;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionException;

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

    public NemoBackend(NemoClient client, WorkerConfig config, JobRepository jobs) {
        this.client = client;
        this.config = config.nemo();
        this.jobs = jobs;
        this.inFlight = new InFlight(this.config.maxInFlight());
    }

    @Override
    public BackendResult run(BackendJob job, Progress progress) throws Exception {
        try {
            return start(job, progress).await().indefinitely();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
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
