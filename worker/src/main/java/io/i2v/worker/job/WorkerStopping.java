package io.i2v.worker.job;

import jakarta.inject.Singleton;

/**
 * Set when the worker begins to shut down (SIGTERM): running jobs stop at their next status
 * write and are handed back to the queue, and no new job is started.
 */
@Singleton
public class WorkerStopping {
    private volatile boolean stopping;

    public boolean stopping() {
        return stopping;
    }

    public void begin() {
        stopping = true;
    }

    /** Unwinds a running job so that it can be handed back. */
    static final class JobReleased extends RuntimeException implements JobInterruption {
        JobReleased(String jobId) {
            super("job " + jobId + " is handed back: the worker is stopping", null, false, false);
        }
    }
}
