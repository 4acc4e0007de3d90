package io.i2v.worker.nemo;

import io.i2v.core.job.Interpretation;
import io.i2v.core.job.JobStage;
import io.i2v.worker.backend.AsyncVideoBackend;
import io.i2v.worker.backend.BackendJob;
import io.i2v.worker.backend.BackendResult;
import io.i2v.worker.config.WorkerConfig;
import io.i2v.worker.media.VideoWriter;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The NemoVideo cloud backend. {@link #start} is the non-blocking job (what many concurrent jobs
 * use); {@link #run} waits for it, for the one-job-at-a-time consumer.
 */
@ApplicationScoped
@Identifier("nemo")
public class NemoBackend implements AsyncVideoBackend {
    private final NemoClient client;
    private final CloudVideo video;
    private final WorkerConfig.Nemo config;
    private final InFlight inFlight;
    private final Map<String, CompletableFuture<BackendResult>> running = new ConcurrentHashMap<>();
    /** The run (or running part) of each job in this worker: what {@link #cancel} knows of its renders. */
    private final Map<String, NemoJobRun> live = new ConcurrentHashMap<>();

    private static final Logger LOG = Logger.getLogger(NemoBackend.class);

    public NemoBackend(NemoClient client, WorkerConfig config) {
        this.client = client;
        WorkerConfig.Render render = config.render();
        this.video =
                new CloudVideo(new VideoWriter.EncoderSettings(render.crf(), render.preset(), render.encoderThreads()));
        this.config = config.nemo();
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
        NemoJobRun run = live.remove(jobId);
        if (run == null) {
            return;
        }
        try {
            run.checkpoints().renders().forEach(renderId -> {
                client.cancelRender(renderId)
                        .ifNoItem()
                        .after(config.callTimeout())
                        .fail()
                        .subscribe()
                        .with(
                                ok -> LOG.infof("job %s: render %s cancelled at NemoVideo", jobId, renderId),
                                e -> LOG.warnf(
                                        "job %s: render %s could not be cancelled: %s",
                                        jobId, renderId, e.getMessage()));
            });
        } catch (RuntimeException e) {
            LOG.warnf("job %s: the render could not be cancelled: %s", jobId, e.getMessage());
        }
    }

    /** The job as a {@link Uni}: no thread is held while it waits on the cloud (streams, polls, waits). */
    @Override
    public Uni<BackendResult> start(BackendJob job, Progress progress) {
        return inFlight.acquire()
                .flatMap(v -> job.clipPerImage()
                        ? parts(job, progress)
                        : tracked(new NemoJobRun(client, video, config, job, progress))
                                .run())
                .onTermination()
                .invoke((result, failure, cancelled) -> {
                    if (!cancelled) {
                        live.remove(job.jobId()); // a cancelled flow (watchdog, cancel) keeps it for cancel()
                    }
                    inFlight.release();
                });
    }

    private NemoJobRun tracked(NemoJobRun run) {
        live.put(run.job.jobId(), run);
        return run;
    }

    /**
     * One clip per image: every image uploaded into one session, then for each image its own
     * instruction (sent once), export and render, one after the other; the first video is the
     * result, the others its clips.
     */
    private Uni<BackendResult> parts(BackendJob job, Progress progress) {
        int n = job.images().size();
        AtomicReference<NemoCheckpoints> known = new AtomicReference<>(NemoCheckpoints.fromMap(job.checkpoints()));
        AtomicInteger creditsEarlier = new AtomicInteger(); // spent by the parts already finished
        AtomicInteger creditsNow = new AtomicInteger(); // spent so far by the running part
        Uni<List<BackendResult>> chain = Uni.createFrom().item(new ArrayList<>());
        for (int part = 1; part <= n; part++) {
            int p = part;
            chain = chain.flatMap(done -> {
                creditsNow.set(0);
                NemoJobRun run = tracked(new NemoJobRun(
                        client,
                        video,
                        config,
                        job,
                        new PartProgress(progress, p, n, creditsEarlier, creditsNow),
                        known.get(),
                        p,
                        n));
                return run.run().map(result -> {
                    known.set(run.checkpoints());
                    creditsEarlier.addAndGet(creditsNow.get());
                    done.add(result);
                    return done;
                });
            });
        }
        return chain.map(all -> {
            BackendResult first = all.get(0);
            List<String> messages = new ArrayList<>();
            all.forEach(r -> messages.addAll(r.messages()));
            return new BackendResult(
                    first.video(),
                    first.poster(),
                    first.interpretation(),
                    first.timeline(),
                    messages,
                    first.expectedWidth(),
                    first.expectedHeight(),
                    first.expectedFps(),
                    first.expectedFrames(),
                    first.format(),
                    all.subList(1, all.size()));
        });
    }

    /** A part's progress as its share of the whole job's. */
    private record PartProgress(
            Progress whole, int part, int parts, AtomicInteger creditsEarlier, AtomicInteger creditsNow)
            implements Progress {
        public void report(JobStage stage, double fraction) {
            whole.report(stage, (part - 1 + Math.max(0, Math.min(1, fraction))) / parts);
        }

        public void planned(Interpretation interpretation, String timeline) {
            whole.planned(interpretation, timeline);
        }

        public void alive() {
            whole.alive();
        }

        public void checkpoint(String step, String value) {
            whole.checkpoint(step, value);
        }

        public void message(String text) {
            whole.message(text);
        }

        public void creditsUsed(int credits) {
            creditsNow.set(credits);
            whole.creditsUsed(creditsEarlier.get() + credits);
        }
    }
}
