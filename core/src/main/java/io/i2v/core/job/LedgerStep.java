package io.i2v.core.job;

import io.i2v.core.storage.TrackedStatus;

/**
 * What a lifecycle step through the {@link JobLedger} came to. Only {@link Written} changed the
 * job; the others are a lost race (or nothing to do), each a case its caller decides on.
 */
public sealed interface LedgerStep {
    /** The write landed; {@code now} is the job as stored, to base the next step on. */
    record Written(TrackedStatus now) implements LedgerStep {}

    /** The job was canceled meanwhile (or before): stop, CANCELED stands. */
    record Canceled(JobStatus stored) implements LedgerStep {}

    /** The job ended another way meanwhile (succeeded, failed): stop, that end stands. */
    record Finished(JobStatus stored) implements LedgerStep {}

    /** Someone else changed the running job first (another delivery): stop without touching it. */
    record TakenOver(JobStatus stored) implements LedgerStep {}

    /** A create found the job already there. */
    record Exists(TrackedStatus stored) implements LedgerStep {}

    /** There is no such job (never created, or its intake was rolled back). */
    record Missing() implements LedgerStep {}
}
