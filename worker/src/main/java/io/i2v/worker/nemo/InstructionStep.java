package io.i2v.worker.nemo;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.job.JobStage;
import io.i2v.worker.nemo.NemoCheckpoints.Instruction;
import io.i2v.worker.nemo.NemoJobRun.Answered;
import io.i2v.worker.nemo.NemoRetryPolicy.Retry;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The instruction, sent at most once: the baseline (state and credits before it), the send, and
 * the stream to its end. Where the instruction stands decides what happens: not sent → send;
 * sending (an earlier delivery may have sent it) or a stream lost → {@link StateRecovery};
 * answered → read the state.
 */
final class InstructionStep implements NemoStream.Sender {
    private static final Logger LOG = Logger.getLogger(InstructionStep.class);

    private final NemoJobRun run;
    private final SessionStep sessions;
    private final StateRecovery recovery;
    private final List<String> text = new ArrayList<>();
    private int tools;

    InstructionStep(NemoJobRun run, SessionStep sessions) {
        this.run = run;
        this.sessions = sessions;
        this.recovery = new StateRecovery(run);
    }

    Uni<Answered> answered(String sid) {
        return switch (run.checkpoint().instruction()) {
            case ANSWERED -> run.client.state(sid).map(s -> new Answered(sid, s));
            case SENDING ->
                run.say("Resuming: the instruction was already sent, checking the project instead of "
                                + "resending it.")
                        .flatMap(v -> recovery.recover(sid));
            case NOT_SENT -> baseline(sid).flatMap(v -> send(sid));
        };
    }

    /** What the state looks like before the instruction, and the credits: to tell what changed, what it cost. */
    private Uni<Void> baseline(String sid) {
        return run.client
                .state(sid)
                .map(Drafts::fingerprint)
                .flatMap(fingerprint -> run.client
                        .credits()
                        .onFailure()
                        .recoverWithNull()
                        .call(c -> run.savePart(
                                NemoCheckpoints.BASELINE,
                                p -> p.withBaseline(
                                        fingerprint, c == null ? p.creditsBefore() : Integer.valueOf(c.available())))))
                .replaceWithVoid();
    }

    /**
     * Sends the instruction and follows the stream. Everything else an attempt does (the stage
     * report, the token) comes first, so the {@code sending} checkpoint is the last thing before
     * the request goes out ({@link #sending}): a crash between the two, which leaves a later
     * delivery unable to tell whether it was sent (and so, by the protocol's rule, unable to send
     * it again), becomes as unlikely as it can be.
     */
    private Uni<Answered> send(String sid) {
        return run.report(JobStage.GENERATING, 0)
                .flatMap(v -> run.client
                        .run(sid, run.instruction(), this)
                        .onItem()
                        .call(this::onEvent)
                        .onItem()
                        .ignoreAsUni()
                        .ifNoItem()
                        .after(run.config.streamTimeout())
                        .failWith(() -> new NemoInterruption.Lost(new TimeoutException(
                                "the stream stayed open longer than " + run.config.streamTimeout()))))
                .flatMap(v -> ended(run.checkpoints().session()))
                .onFailure(NemoInterruption.class)
                .recoverWithUni(e -> interrupted((NemoInterruption) e));
    }

    @Override
    public Uni<Void> sending() {
        // nothing else between this write landing and the request going out
        return run.savePart(NemoCheckpoints.INSTRUCTION, p -> p.with(Instruction.SENDING));
    }

    /** The backend refused the call before the stream began, so the instruction was not taken. */
    @Override
    public Uni<String> retrying(Retry retry, String sid) {
        if (retry != Retry.NEW_SESSION) {
            return retry.notice() == null
                    ? Uni.createFrom().item(sid)
                    : run.say(retry.notice()).replaceWith(sid);
        }
        if (run.job.parentJobId() != null) {
            return Uni.createFrom()
                    .failure(new I2vException(
                            ErrorCode.CONFLICT,
                            "NemoVideo no longer has the "
                                    + "session of job " + run.job.parentJobId()
                                    + " (code 1002), so it cannot be edited; submit a "
                                    + "new job instead",
                            false));
        }
        return run.say(retry.notice())
                .flatMap(v -> sessions.fresh())
                .call(this::baseline)
                .call(newSid -> run.report(JobStage.GENERATING, 0));
    }

    private Uni<Answered> interrupted(NemoInterruption e) {
        if (e instanceof NemoInterruption.Lost) {
            LOG.infof("job %s: stream lost (%s); recovering from state", run.job.jobId(), e.getMessage());
            return run.say("The connection to NemoVideo dropped; checking the project instead of resending.")
                    .flatMap(v -> recovery.recover(run.checkpoints().session()));
        }
        if (e instanceof NemoInterruption.Stalled) {
            return Uni.createFrom()
                    .failure(new I2vException(
                            ErrorCode.STALLED,
                            "NemoVideo sent only heartbeats for " + human(run.config.heartbeatOnlyTimeout())
                                    + "; the call timed out",
                            false));
        }
        // refused, or the request never left: not taken, so a later attempt may send it (and must
        // not mistake it for a lost stream)
        RuntimeException failure = e instanceof NemoInterruption.Refused r
                ? new NemoException(r.error())
                : new I2vException(ErrorCode.BACKEND_UNAVAILABLE, "NemoVideo cannot be reached: " + e.getMessage());
        return run.savePart(NemoCheckpoints.INSTRUCTION, p -> p.with(Instruction.NOT_SENT))
                .flatMap(v -> Uni.createFrom().failure(failure));
    }

    private Uni<Void> onEvent(StreamEvent e) {
        if (e.kind() == StreamEvent.Kind.TEXT) {
            if (GuiPhrases.isTemporaryIssue(e.text()) && !text.isEmpty()) {
                return Uni.createFrom().voidItem(); // a trailing notice after a normal reply
            }
            text.add(e.text());
            String people = GuiPhrases.forPeople(e.text());
            Uni<Void> out = people.isBlank() ? Uni.createFrom().voidItem() : run.say(people);
            return GuiPhrases.asksToExport(e.text()) ? out.flatMap(v -> run.say("Exporting the video.")) : out;
        }
        tools++; // tool calls and results (the client passes only progress events)
        return run.report(JobStage.GENERATING, tools / (tools + 2.0));
    }

    private Uni<Answered> ended(String sid) {
        return run.client
                .state(sid)
                .call(state -> {
                    boolean spoke = text.stream().anyMatch(t -> !GuiPhrases.isTemporaryIssue(t));
                    if (spoke) {
                        return recovery.answered();
                    }
                    // about 30% of edits end without a word: say what changed from the state
                    String summary = Drafts.summary(Drafts.draft(state));
                    return run.say("NemoVideo finished without a reply; "
                                    + (run.changed(state) ? "the project now has " : "the project is unchanged: ")
                                    + summary + ".")
                            .flatMap(v -> recovery.answered());
                })
                .map(state -> new Answered(sid, state));
    }

    private static String human(Duration d) {
        return d.toMinutes() > 0 ? d.toMinutes() + " min" : d.toMillis() + " ms";
    }
}
