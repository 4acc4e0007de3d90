package io.i2v.nemosim;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One step of a scripted {@code run_sse} stream, played in order by {@link StreamPlayer}. */
sealed interface StreamStep {

    /** A {@code data:} line with a JSON payload. */
    record Event(ObjectNode payload) implements StreamStep {}

    /** An empty {@code data:} line. */
    record KeepAlive() implements StreamStep {}

    /** Work landing in the session (credits taken, draft changed); takes no time and writes nothing. */
    record Work(Runnable run) implements StreamStep {}

    /** The connection closes abruptly. */
    record Drop() implements StreamStep {}

    /** Heartbeats until {@link NemoSimulator#releaseStreams()}. */
    record Hold() implements StreamStep {}
}
