package io.i2v.worker.job;

/** What the consumer does with the message after processing. */
public enum Outcome {
    /** The job reached a terminal state (or was already there): delete the message. */
    DONE,
    /** A transient failure: make the message visible again for another attempt. */
    RETRY,
    /** The worker is stopping: the job was checkpointed as QUEUED; hand the message back at once. */
    RELEASE,
    /**
     * A later delivery of the same message owns the job: settle nothing, since this delivery's
     * receipt handle is stale and deleting or hiding the message would act on the owner's copy.
     */
    LEAVE
}
