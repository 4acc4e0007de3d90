package io.i2v.worker.nemo;

import java.net.ConnectException;

/**
 * How the message stream ended other than by closing normally, told by type: refused before it
 * began (nothing was taken: the instruction may be sent again), never connected (likewise),
 * lost after it may have been taken (recover by reading state, never resend), or stalled (only
 * heartbeats). {@link NemoClient} classifies the stream's own failures; anything else reaching
 * the job (a {@link io.i2v.worker.job.JobInterruption}, a job error) is not one of these.
 */
public abstract sealed class NemoInterruption extends RuntimeException {

    private NemoInterruption(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** A failure of the stream itself; {@code started}: an event had arrived before it. */
    static RuntimeException of(Throwable failure, boolean started) {
        if (failure instanceof NemoInterruption i) {
            return i;
        }
        if (failure instanceof NemoException n) {
            return started ? n : new Refused(n.error()); // an error event mid-stream fails the job as it is
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return new NeverConnected(failure);
            }
        }
        return new Lost(failure);
    }

    /** The backend refused the call before the stream began (its status line or first event said so). */
    public static final class Refused extends NemoInterruption {
        private final NemoError error;

        Refused(NemoError error) {
            super("refused: " + error, null);
            this.error = error;
        }

        NemoError error() {
            return error;
        }
    }

    /** The request never left: the backend could not be reached. */
    public static final class NeverConnected extends NemoInterruption {
        NeverConnected(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The stream broke (or stayed open too long) after the instruction may have been taken. */
    public static final class Lost extends NemoInterruption {
        Lost(Throwable cause) {
            super(String.valueOf(cause), cause);
        }
    }

    /** Only heartbeats for longer than allowed. */
    public static final class Stalled extends NemoInterruption {
        Stalled() {
            super("stalled", null);
        }
    }
}
