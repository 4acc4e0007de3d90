package io.i2v.worker.nemo;

import com.fasterxml.jackson.databind.JsonNode;
import io.i2v.core.job.JobStage;
import io.i2v.worker.backend.BackendJob;
import io.i2v.worker.backend.BackendResult;
import io.i2v.worker.backend.VideoBackend;
import io.i2v.worker.config.WorkerConfig;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One cloud job, start to video file, as a few steps over its {@link NemoCheckpoints}:
 * {@link SessionStep} (session, upload) → {@link InstructionStep} (the instruction, sent once,
 * and the stream; a lost stream or a resumed job goes to {@link StateRecovery}) →
 * {@link ExportStep} (export, poll) → {@link DownloadStep}. Every step is checkpointed before it
 * has effects, so another delivery resumes where this one stopped; once the instruction may have
 * reached the backend it is never sent again. This class holds what the steps share: the job,
 * its checkpoints, and the status side effects.
 */
final class NemoJobRun {

    final NemoClient client;
    final CloudVideo video;
    final WorkerConfig.Nemo config;
    final BackendJob job;
    private final VideoBackend.Progress progress;
    /** 0 for the whole job; 1..n for the n-th image of a one-clip-per-image job (its own instruction and render). */
    final int part;

    final int parts;
    private final List<String> said = new ArrayList<>();
    private NemoCheckpoints checkpoints;

    /** The state the instruction left, in the session it went to. */
    record Answered(String sessionId, JsonNode state) {}

    NemoJobRun(
            NemoClient client,
            CloudVideo video,
            WorkerConfig.Nemo config,
            BackendJob job,
            VideoBackend.Progress progress) {
        this(client, video, config, job, progress, NemoCheckpoints.fromMap(job.checkpoints()), 0, 1);
    }

    /**
     * One image of a one-clip-per-image job: the session and the upload of all images are shared
     * (the first part makes them); instruction, recovery and render are this part's own.
     */
    NemoJobRun(
            NemoClient client,
            CloudVideo video,
            WorkerConfig.Nemo config,
            BackendJob job,
            VideoBackend.Progress progress,
            NemoCheckpoints known,
            int part,
            int parts) {
        this.client = client;
        this.video = video;
        this.config = config;
        this.job = job;
        this.progress = progress;
        this.checkpoints = known;
        this.part = part;
        this.parts = parts;
    }

    Uni<BackendResult> run() {
        SessionStep session = new SessionStep(this);
        return session.ready()
                .flatMap(sid -> new InstructionStep(this, session).answered(sid))
                .flatMap(answered -> new ExportStep(this).export(answered))
                .onFailure(NemoException.class)
                .transform(e -> ((NemoException) e).error().toJobError());
    }

    // ---- what the steps share

    /** The checkpoints as this run left them (the next part starts from them). */
    NemoCheckpoints checkpoints() {
        return checkpoints;
    }

    NemoCheckpoints.Part checkpoint() {
        return checkpoints.part(part);
    }

    /** Records a change: in memory at once, in the job's status before the returned Uni completes. */
    Uni<Void> save(UnaryOperator<NemoCheckpoints> change) {
        return save(change, null);
    }

    /**
     * Records a change of this part's checkpoints, writing {@code step} even when it held that
     * value already, as the original step did: every such write is also this delivery's claim on
     * the job (a write lost to another delivery stops it, before the request it precedes) and
     * feeds the watchdog.
     */
    Uni<Void> savePart(String step, UnaryOperator<NemoCheckpoints.Part> change) {
        return save(c -> c.withPart(part, change.apply(c.part(part))), NemoCheckpoints.key(step, part));
    }

    private Uni<Void> save(UnaryOperator<NemoCheckpoints> change, String rewritten) {
        NemoCheckpoints next = change.apply(checkpoints);
        Map<String, String> writes = next.changesFrom(checkpoints);
        if (rewritten != null && next.stored(rewritten) != null) {
            writes.putIfAbsent(rewritten, next.stored(rewritten));
        }
        checkpoints = next;
        return writes.isEmpty() ? Uni.createFrom().voidItem() : update(p -> writes.forEach(p::checkpoint));
    }

    /** The instruction changed the project: the state differs from the baseline. */
    boolean changed(JsonNode state) {
        return !Drafts.fingerprint(state).equals(checkpoint().baseline());
    }

    String instruction() {
        String asked = job.prompt();
        if (part == 0) {
            return asked;
        }
        return asked + " (one clip per image: this instruction is for image " + part + " of " + parts + ", \""
                + job.images().get(part - 1).name() + "\"; use only that image)";
    }

    /** The last thing said to the user, or empty. */
    String lastSaid() {
        return said.isEmpty() ? "" : said.get(said.size() - 1);
    }

    /** Distinguishes this part's files in the work folder. */
    String suffix() {
        return part == 0 ? "" : "-" + part;
    }

    // ---- status side effects (blocking: run off the event loop)

    Uni<Void> say(String text) {
        return update(p -> said(text));
    }

    /** {@link #say} from a step already off the event loop. */
    void said(String text) {
        said.add(text);
        progress.message(text);
    }

    Uni<Void> report(JobStage stage, double fraction) {
        return update(p -> p.report(stage, fraction));
    }

    /** A write to the job's status through its progress. */
    Uni<Void> update(Consumer<VideoBackend.Progress> write) {
        return blocking(() -> {
            write.accept(progress);
            return null;
        });
    }

    <T> Uni<T> blocking(NemoWorkers.Work<T> work) {
        return client.workers().run(work);
    }

    static Uni<Void> delay(Duration wait) {
        return wait.isZero() || wait.isNegative()
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(wait);
    }
}
