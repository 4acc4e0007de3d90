package io.i2v.worker.nemo;

import com.fasterxml.jackson.databind.JsonNode;
import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.job.Interpretation;
import io.i2v.core.job.JobStage;
import io.i2v.core.job.JobStatus;
import io.i2v.core.storage.JobRepository;
import io.i2v.worker.backend.BackendJob;
import io.i2v.worker.backend.BackendResult;
import io.i2v.worker.backend.VideoBackend;
import io.i2v.worker.config.WorkerConfig;
import io.i2v.worker.job.JobInterruption;
import io.i2v.worker.media.VideoInfo;
import io.i2v.worker.media.VideoProbe;
import io.smallrye.mutiny.Uni;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.jboss.logging.Logger;

/**
 * One cloud job, start to video file: session → upload → instruction (sent once) → stream →
 * state → export → poll → download. Every step is checkpointed in the job's status before it has
 * effects, so another delivery resumes where this one stopped; once the instruction may have
 * reached the backend it is never sent again — a lost stream is recovered by reading state.
 */
final class NemoJobRun {
    static final String SESSION = "nemo.session";
    static final String UPLOAD = "nemo.upload";
    static final String BASELINE = "nemo.baseline";
    static final String CREDITS = "nemo.creditsBefore";
    static final String INSTRUCTION = "nemo.instruction";
    static final String RECOVERY = "nemo.recovery";
    static final String RENDER = "nemo.render";
    static final String SENDING = "sending";
    static final String ANSWERED = "answered";
    static final String NOT_SENT = "not-sent";
    static final String DEFAULT_INSTRUCTION = "Animate this image into a short video.";

    private static final Logger LOG = Logger.getLogger(NemoJobRun.class);

    private final NemoClient client;
    private final CloudVideo video;
    private final WorkerConfig.Nemo config;
    private final JobRepository jobs;
    private final BackendJob job;
    private final VideoBackend.Progress progress;
    private final Map<String, String> checkpoints;
    private final List<String> said = new ArrayList<>();
    private int tools;

    /** 0 for the whole job; 1..n for the n-th image of a one-clip-per-image job (its own instruction and render). */
    private final int part;
    private final int parts;

    NemoJobRun(NemoClient client, CloudVideo video, WorkerConfig.Nemo config, JobRepository jobs, BackendJob job,
               VideoBackend.Progress progress) {
        this(client, video, config, jobs, job, progress, job.checkpoints(), 0, 1);
    }

    /**
     * One image of a one-clip-per-image job: the session and the upload of all images are shared
     * (the first part makes them); instruction, recovery and render are this part's own, and
     * their checkpoints carry the part number ({@code nemo.instruction.2}).
     */
    NemoJobRun(NemoClient client, CloudVideo video, WorkerConfig.Nemo config, JobRepository jobs, BackendJob job,
               VideoBackend.Progress progress, Map<String, String> known, int part, int parts) {
        this.client = client;
        this.video = video;
        this.config = config;
        this.jobs = jobs;
        this.job = job;
        this.progress = progress;
        this.checkpoints = new HashMap<>(known);
        this.part = part;
        this.parts = parts;
    }

    /** The checkpoints as this run left them (the next part starts from them). */
    Map<String, String> checkpoints() {
        return Map.copyOf(checkpoints);
    }

    static String key(String step, int part) {
        return part == 0 ? step : step + "." + part;
    }

    private String key(String step) {
        return key(step, part);
    }

    private String suffix() {
        return part == 0 ? "" : "-" + part;
    }

    Uni<BackendResult> run() {
        return session()
                .flatMap(this::instruct)
                .flatMap(this::export)
                .onFailure(NemoException.class).transform(e -> ((NemoException) e).error().toJobError());
    }

    // ---- session and upload

    private Uni<String> session() {
        String known = checkpoints.get(SESSION);
        if (known != null) {
            return checkpoints.containsKey(UPLOAD) ? Uni.createFrom().item(known) : upload(known);
        }
        if (job.parentJobId() != null) {
            return blocking(() -> parentSession(job.parentJobId()))
                    .call(sid -> checkpoint(SESSION, sid))
                    .call(sid -> checkpoint(UPLOAD, "parent " + job.parentJobId()));
        }
        return newSession();
    }

    private Uni<String> newSession() {
        return report(JobStage.UPLOADING, 0)
                .flatMap(v -> client.createSession(config.language()))
                .map(d -> d.path("session_id").asText())
                .call(sid -> checkpoint(SESSION, sid))
                .flatMap(this::upload);
    }

    private String parentSession(String parentId) {
        Optional<JobStatus> parent = jobs.status(parentId);
        String sid = parent.map(p -> p.checkpoints().get(SESSION)).orElse(null);
        if (sid == null) {
            throw new I2vException(ErrorCode.CONFLICT, "job " + parentId + " did not run on the cloud backend, so "
                    + "it has no NemoVideo session to edit; submit a new job instead", false);
        }
        return sid;
    }

    private Uni<String> upload(String sid) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < job.images().size(); i++) {
            int index = i;
            chain = chain.flatMap(v -> blocking(() -> uploadable(index)))
                    .flatMap(file -> client.upload(sid, file))
                    .flatMap(files -> report(JobStage.UPLOADING, (index + 1.0) / job.images().size()));
        }
        return chain.call(v -> checkpoint(UPLOAD, "done")).replaceWith(sid);
    }

    private Path uploadable(int index) throws IOException {
        return UploadFile.prepare(job.images().get(index), index,
                Files.createDirectories(job.workDir().resolve("nemo-upload-" + index)));
    }

    // ---- the instruction

    private record Answered(String sessionId, JsonNode state) {
    }

    private Uni<Answered> instruct(String sid) {
        String sent = checkpoints.get(key(INSTRUCTION));
        if (NOT_SENT.equals(sent)) {
            sent = null;
        }
        if (ANSWERED.equals(sent)) {
            return client.state(sid).map(s -> new Answered(sid, s));
        }
        if (sent != null) {
            // an earlier delivery may have sent it: never again; find out from the state
            return say("Resuming: the instruction was already sent, checking the project instead of resending it.")
                    .flatMap(v -> recover(sid, 0));
        }
        return baseline(sid).flatMap(v -> send(sid, new Retries()));
    }

    /** What the state looks like before the instruction, and the credits: to tell what changed, what it cost. */
    private Uni<Void> baseline(String sid) {
        return client.state(sid).call(s -> checkpoint(key(BASELINE), Drafts.fingerprint(s)))
                .flatMap(s -> client.credits().onFailure().recoverWithNull())
                .call(c -> c == null ? Uni.createFrom().voidItem() : checkpoint(key(CREDITS), Integer.toString(c.available())))
                .replaceWithVoid();
    }

    private static final class Retries {
        boolean token;
        boolean rate;
        boolean session;
    }

    /**
     * Sends the instruction. Everything else this step does (the stage report, the token) comes
     * first, so the {@code sending} checkpoint is the last thing before the request goes out: a
     * crash between the two, which leaves a later delivery unable to tell whether it was sent (and
     * so, by the protocol's rule, unable to send it again), becomes as unlikely as it can be.
     */
    private Uni<Answered> send(String sid, Retries retries) {
        return report(JobStage.GENERATING, 0)
                .flatMap(v -> client.bearer())
                .flatMap(auth -> checkpoint(key(INSTRUCTION), SENDING)
                        .flatMap(v -> follow(auth, sid))
                        .onFailure(Refused.class).recoverWithUni(e -> refused(sid, auth, ((Refused) e).error,
                                retries)));
    }

    /** The backend refused the call before the stream began: the instruction was not taken. */
    private Uni<Answered> refused(String sid, String auth, NemoError error, Retries retries) {
        if (error instanceof NemoError.TokenRejected && !retries.token && client.tokenRenewable()) {
            retries.token = true;
            client.tokenRejected(auth);
            return send(sid, retries);
        }
        if (error instanceof NemoError.RateLimited && !retries.rate) {
            retries.rate = true;
            return say("NemoVideo is busy (rate limited); trying again shortly.")
                    .onItem().delayIt().by(client.rateLimitWait())
                    .flatMap(v -> send(sid, retries));
        }
        if (error instanceof NemoError.SessionNotFound && !retries.session && job.parentJobId() == null) {
            retries.session = true;
            checkpoints.remove(UPLOAD);
            return say("NemoVideo lost the session; starting a new one and uploading again.")
                    .flatMap(v -> newSession())
                    .call(newSid -> baseline(newSid))
                    .flatMap(newSid -> send(newSid, retries));
        }
        if (error instanceof NemoError.SessionNotFound && job.parentJobId() != null) {
            return Uni.createFrom().failure(new I2vException(ErrorCode.CONFLICT, "NemoVideo no longer has the "
                    + "session of job " + job.parentJobId() + " (code 1002), so it cannot be edited; submit a new "
                    + "job instead", false));
        }
        // refused, so not taken: a later attempt may send it (and must not mistake it for a lost stream)
        return checkpoint(key(INSTRUCTION), NOT_SENT).flatMap(v -> Uni.createFrom().failure(new NemoException(error)));
    }

    /** Follows the stream to its end; a lost stream turns into state reads (never a resend). */
    private Uni<Answered> follow(String auth, String sid) {
        List<String> text = new ArrayList<>();
        AtomicBoolean started = new AtomicBoolean();
        return client.run(auth, sid, instruction())
                .onItem().invoke(e -> started.set(true))
                .onFailure(NemoException.class).transform(e -> started.get() ? e
                        : new Refused(((NemoException) e).error()))
                .onItem().call(e -> onEvent(e, text))
                .select().where(e -> e.progress())
                .ifNoItem().after(config.heartbeatOnlyTimeout()).failWith(Stalled::new)
                .onItem().ignoreAsUni()
                .ifNoItem().after(config.streamTimeout()).failWith(TimeoutException::new)
                .flatMap(v -> streamEnded(sid, text))
                .onFailure(NemoJobRun::streamLost).recoverWithUni(e -> {
                    if (neverConnected(e)) {
                        // the request never left: nothing was sent, so a later attempt may send it
                        return checkpoint(key(INSTRUCTION), NOT_SENT).flatMap(v -> Uni.createFrom().failure(
                                new I2vException(ErrorCode.BACKEND_UNAVAILABLE, "NemoVideo cannot be reached: "
                                        + e.getMessage())));
                    }
                    LOG.infof("job %s: stream lost (%s); recovering from state", job.jobId(), e.getClass().getSimpleName());
                    return say("The connection to NemoVideo dropped; checking the project instead of resending.")
                            .flatMap(v -> recover(sid, 0));
                })
                .onFailure(Stalled.class).transform(e -> new I2vException(ErrorCode.STALLED, "NemoVideo sent only "
                        + "heartbeats for " + human(config.heartbeatOnlyTimeout()) + "; the call timed out", false));
    }

    /** A failure of the stream after it may have been taken (not a refusal, a stall, or the job stopped from outside). */
    private static boolean streamLost(Throwable e) {
        return !(e instanceof NemoException) && !(e instanceof Refused) && !(e instanceof Stalled)
                && !(e instanceof I2vException) && !(e instanceof JobInterruption);
    }

    private static boolean neverConnected(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    private String instruction() {
        String asked = job.prompt() == null || job.prompt().isBlank() ? DEFAULT_INSTRUCTION : job.prompt();
        if (part == 0) {
            return asked;
        }
        return asked + " (one clip per image: this instruction is for image " + part + " of " + parts + ", \""
                + job.images().get(part - 1).name() + "\"; use only that image)";
    }

    private Uni<Void> onEvent(StreamEvent e, List<String> text) {
        switch (e.kind()) {
            case TEXT -> {
                if (GuiPhrases.isTemporaryIssue(e.text()) && !text.isEmpty()) {
                    return Uni.createFrom().voidItem(); // a trailing notice after a normal reply
                }
                text.add(e.text());
                String people = GuiPhrases.forPeople(e.text());
                Uni<Void> out = people.isBlank() ? Uni.createFrom().voidItem() : say(people);
                return GuiPhrases.asksToExport(e.text()) ? out.flatMap(v -> say("Exporting the video.")) : out;
            }
            case TOOL_CALL, TOOL_RESULT -> {
                tools++;
                return report(JobStage.GENERATING, tools / (tools + 2.0));
            }
            default -> {
                return Uni.createFrom().voidItem(); // heartbeats and keep-alives: liveness only
            }
        }
    }

    private Uni<Answered> streamEnded(String sid, List<String> text) {
        return client.state(sid).call(state -> {
            boolean spoke = text.stream().anyMatch(t -> !GuiPhrases.isTemporaryIssue(t));
            if (spoke) {
                return answered();
            }
            // about 30% of edits end without a word: say what changed from the state
            String summary = Drafts.summary(Drafts.draft(state));
            boolean changed = !Drafts.fingerprint(state).equals(checkpoints.get(key(BASELINE)));
            return say("NemoVideo finished without a reply; " + (changed ? "the project now has " : "the project "
                    + "is unchanged: ") + summary + ".").flatMap(v -> answered());
        }).map(state -> new Answered(sid, state));
    }

    private Uni<Void> answered() {
        return checkpoint(key(INSTRUCTION), ANSWERED).flatMap(v -> chargedCredits());
    }

    private Uni<Void> chargedCredits() {
        String before = checkpoints.get(key(CREDITS));
        if (before == null) {
            return Uni.createFrom().voidItem();
        }
        return client.credits().onFailure().recoverWithNull().flatMap(c -> c == null ? Uni.createFrom().voidItem()
                : blocking(() -> {
                    progress.creditsUsed(Math.max(0, Integer.parseInt(before) - c.available()));
                    return null;
                }));
    }

    /**
     * After a lost stream (or in a resumed job): wait 30 s, read state; changed → done; unchanged →
     * wait 60 s and read again; the fifth unchanged read fails the step. Base waits are configurable.
     */
    private Uni<Answered> recover(String sid, int read) {
        if (read >= config.recoveryReads()) {
            return Uni.createFrom().failure(new I2vException(ErrorCode.STALLED, "NemoVideo did not apply the "
                    + "instruction: the project was unchanged after " + read + " reads; the instruction was not "
                    + "resent, to avoid a second charge", false));
        }
        Duration wait = read == 0 ? config.recoveryFirstWait() : config.recoveryNextWait();
        return delay(wait)
                .flatMap(v -> checkpoint(key(RECOVERY), "read " + (read + 1)))
                .flatMap(v -> client.state(sid))
                .flatMap(state -> {
                    boolean changed = !Drafts.fingerprint(state).equals(checkpoints.get(key(BASELINE)));
                    if (!changed) {
                        return recover(sid, read + 1);
                    }
                    return say("NemoVideo finished the work: " + Drafts.summary(Drafts.draft(state)) + ".")
                            .flatMap(v -> answered()).replaceWith(new Answered(sid, state));
                });
    }

    // ---- export

    private Uni<BackendResult> export(Answered answered) {
        JsonNode draft = Drafts.draft(answered.state());
        if (!Drafts.exportable(draft)) {
            String last = said.isEmpty() ? "" : " It said: \"" + said.get(said.size() - 1) + "\"";
            return Uni.createFrom().failure(new I2vException(ErrorCode.RENDER_FAILED, "NemoVideo's project has "
                    + "nothing to export (no track with segments)." + last, false));
        }
        String summary = Drafts.summary(draft);
        Interpretation interpretation = new Interpretation("NemoVideo: " + summary,
                List.of(instruction()), List.of());
        return blocking(() -> {
            progress.planned(interpretation, summary);
            return null;
        }).flatMap(v -> render(answered.sessionId(), draft, false))
                .flatMap(delivered -> blocking(() -> result(delivered, interpretation, summary)));
    }

    private Uni<CloudVideo.Delivered> render(String sid, JsonNode draft, boolean retried) {
        String known = checkpoints.get(key(RENDER));
        Uni<String> submitted;
        if (known != null && !retried) {
            submitted = Uni.createFrom().item(known); // resumed: poll the render we asked for
        } else {
            String id = "render_" + UUID.randomUUID().toString().replace("-", "");
            submitted = checkpoint(key(RENDER), id).flatMap(v -> report(JobStage.EXPORTING, 0))
                    .flatMap(v -> client.submitRender(id, sid, draft)).replaceWith(id);
        }
        return submitted.onItemOrFailure().transformToUni((id, e) -> {
            if (e == null) {
                return poll(sid, draft, id, 0, retried);
            }
            if (e instanceof NemoException n && n.error() instanceof NemoError.RenderRejected && !retried) {
                return say("NemoVideo refused the render id; exporting again with a new one.")
                        .flatMap(v -> render(sid, draft, true));
            }
            return Uni.createFrom().failure(e);
        });
    }

    private Uni<CloudVideo.Delivered> poll(String sid, JsonNode draft, String id, int polls, boolean retried) {
        if (polls >= config.maxPolls()) {
            return client.cancelRender(id).onFailure().recoverWithNull()
                    .flatMap(v -> Uni.createFrom().failure(new I2vException(ErrorCode.STALLED, "NemoVideo's render "
                            + "did not finish after " + polls + " polls; it was cancelled", false)));
        }
        Duration wait = polls == 0 ? Duration.ZERO : config.pollInterval();
        return delay(wait)
                .flatMap(v -> client.render(id))
                .onFailure(NemoException.class).recoverWithUni(e -> {
                    if (((NemoException) e).error() instanceof NemoError.RenderRejected r && r.status() == 404
                            && polls == 0) {
                        // checkpointed but never submitted (the last delivery stopped in between): submit it now
                        return client.submitRender(id, sid, draft).flatMap(v -> client.render(id));
                    }
                    return Uni.createFrom().failure(e);
                })
                .flatMap(status -> {
                    if (status.completed()) {
                        return report(JobStage.RENDERING, 1).flatMap(v -> fetch(id, status.outputUrl()));
                    }
                    if (status.failed()) {
                        if (retried) {
                            return Uni.createFrom().failure(new NemoException(new NemoError.RenderRejected(200,
                                    "render " + status.status() + (status.detail().isBlank() ? ""
                                            : ": " + status.detail()))));
                        }
                        return say("NemoVideo's render failed; exporting again.")
                                .flatMap(v -> render(sid, draft, true));
                    }
                    return report(JobStage.RENDERING, status.progress() / 100.0)
                            .flatMap(v -> poll(sid, draft, id, polls + 1, retried));
                });
    }

    /**
     * The finished render, downloaded; a file that does not decode is downloaded once more from
     * the stored render (the fallback download), never rendered again: a second render could
     * charge again. Twice undecodable fails the job for good.
     */
    private Uni<CloudVideo.Delivered> fetch(String id, String outputUrl) {
        return client.download(id, outputUrl, job.workDir().resolve("nemo-video" + suffix() + ".mp4"))
                .flatMap(file -> blocking(() -> CloudVideo.inspect(file)))
                .flatMap(first -> first.decodes() ? Uni.createFrom().item(first)
                        : say("The downloaded video does not decode (" + first.problem() + "); downloading "
                        + "NemoVideo's stored render again.")
                        .flatMap(v -> client.download(id, null, job.workDir().resolve("nemo-video" + suffix()
                                + "-again.mp4")))
                        .flatMap(file -> blocking(() -> CloudVideo.inspect(file)))
                        .flatMap(again -> again.decodes() ? Uni.createFrom().item(again)
                                : Uni.createFrom().failure(new I2vException(ErrorCode.OUTPUT_INVALID, "NemoVideo's "
                                + "render " + id + " does not decode (" + again.problem() + "), downloaded twice; it "
                                + "was not rendered again, so no credits were spent twice", false))));
    }

    /** The delivered video brought to the promise (kept, rewrapped or re-encoded, and said so), with its poster. */
    private BackendResult result(CloudVideo.Delivered delivered, Interpretation interpretation, String summary)
            throws IOException {
        CloudVideo.Conformed conformed = video.conform(delivered, job.options(),
                job.workDir().resolve("nemo-conformed" + suffix() + ".mp4"));
        said.add(conformed.message());
        progress.message(conformed.message());
        Path file = conformed.file();
        VideoInfo info = VideoProbe.probe(file);
        Path poster = job.workDir().resolve("nemo-poster" + suffix() + ".jpg");
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
             Java2DFrameConverter convert = new Java2DFrameConverter()) {
            g.start();
            Frame f = g.grabImage();
            BufferedImage frame = f == null ? null : convert.convert(f);
            if (frame == null || !ImageIO.write(frame, "jpg", poster.toFile())) {
                throw new IOException("no first frame");
            }
            g.stop();
        }
        // what the conformed file is (the promise: codec, profile, container; size and rate as asked or delivered)
        return new BackendResult(file, poster, interpretation, summary, List.of(), info.width(), info.height(),
                info.fps(), info.frames());
    }

    // ---- status side effects (blocking: run off the event loop)

    private Uni<Void> checkpoint(String step, String value) {
        checkpoints.put(step, value);
        return blocking(() -> {
            progress.checkpoint(step, value);
            return null;
        });
    }

    private Uni<Void> say(String text) {
        said.add(text);
        return blocking(() -> {
            progress.message(text);
            return null;
        });
    }

    private Uni<Void> report(JobStage stage, double fraction) {
        return blocking(() -> {
            progress.report(stage, fraction);
            return null;
        });
    }

    private static Uni<Void> delay(Duration wait) {
        return wait.isZero() || wait.isNegative() ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(wait);
    }

    private <T> Uni<T> blocking(NemoWorkers.Work<T> work) {
        return client.workers().run(work);
    }

    private static String human(Duration d) {
        return d.toMinutes() > 0 ? d.toMinutes() + " min" : d.toMillis() + " ms";
    }

    /** The backend refused the stream call before it began (its status line said so): nothing was taken. */
    static final class Refused extends RuntimeException {
        final NemoError error;

        Refused(NemoError error) {
            super("refused: " + error, null, false, false);
            this.error = error;
        }
    }

    /** Only heartbeats for longer than allowed. */
    static final class Stalled extends RuntimeException {
        Stalled() {
            super("stalled", null, false, false);
        }
    }
}
