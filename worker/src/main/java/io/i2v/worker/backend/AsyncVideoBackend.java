package io.i2v.worker.backend;

import io.smallrye.mutiny.Uni;

/**
 * A backend that waits without holding a thread (the cloud backend: streams, polls). The
 * consumer runs many of its jobs at once; {@link #run} remains for one-at-a-time callers.
 */
public interface AsyncVideoBackend extends VideoBackend {
    Uni<BackendResult> start(BackendJob job, Progress progress);
}
