package io.i2v.worker.nemo;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.worker.nemo.NemoCheckpoints.Instruction;
import io.i2v.worker.nemo.NemoJobRun.Answered;
import io.smallrye.mutiny.Uni;
import java.time.Duration;

/**
 * Whether an instruction that may have been sent did its work, found out from the state and
 * never by sending it again (after a lost stream, or in a resumed job): wait 30 s, read state;
 * changed → done; unchanged → wait 60 s and read again; the fifth unchanged read fails the step.
 * The waits and the number of reads are configurable.
 */
final class StateRecovery {
    private final NemoJobRun run;

    StateRecovery(NemoJobRun run) {
        this.run = run;
    }

    Uni<Answered> recover(String sid) {
        return read(sid, 0);
    }

    private Uni<Answered> read(String sid, int reads) {
        if (reads >= run.config.recoveryReads()) {
            return Uni.createFrom()
                    .failure(new I2vException(
                            ErrorCode.STALLED,
                            "NemoVideo did not apply the "
                                    + "instruction: the project was unchanged after " + reads
                                    + " reads; the instruction was not "
                                    + "resent, to avoid a second charge",
                            false));
        }
        Duration wait = reads == 0 ? run.config.recoveryFirstWait() : run.config.recoveryNextWait();
        return NemoJobRun.delay(wait)
                .flatMap(v -> run.savePart(NemoCheckpoints.RECOVERY, p -> p.withRecoveryReads(reads + 1)))
                .flatMap(v -> run.client.state(sid))
                .flatMap(state -> {
                    if (!run.changed(state)) {
                        return read(sid, reads + 1);
                    }
                    return run.say("NemoVideo finished the work: " + Drafts.summary(Drafts.draft(state)) + ".")
                            .flatMap(v -> answered())
                            .replaceWith(new Answered(sid, state));
                });
    }

    /** The instruction is answered: checkpoint it, and report what it cost. */
    Uni<Void> answered() {
        return run.savePart(NemoCheckpoints.INSTRUCTION, p -> p.with(Instruction.ANSWERED))
                .flatMap(v -> chargedCredits());
    }

    private Uni<Void> chargedCredits() {
        Integer before = run.checkpoint().creditsBefore();
        if (before == null) {
            return Uni.createFrom().voidItem();
        }
        return run.client
                .credits()
                .onFailure()
                .recoverWithNull()
                .flatMap(c -> c == null
                        ? Uni.createFrom().voidItem()
                        : run.update(p -> p.creditsUsed(Math.max(0, before - c.available()))));
    }
}
