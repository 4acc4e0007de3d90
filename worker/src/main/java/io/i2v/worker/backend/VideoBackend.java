package io.i2v.worker.backend;

/**
 * Turns prepared input images and an instruction into a video file. Implementations are CDI
 * beans with an {@code @Identifier} naming them ("local", "nemo"); config picks one.
 */
public interface VideoBackend {
    BackendResult run(BackendJob job, Progress progress) throws Exception;

    /**
     * Stops remote work for the job (a render in progress), when the job was stopped from outside
     * (watchdog); best effort.
     */
    default void cancel(String jobId) {
    }

    /** Progress within the backend's own work, 0..1, with the stage it is in. */
    interface Progress {
        void report(io.i2v.core.job.JobStage stage, double fraction);

        /** What the backend understood, as soon as it knows (shown in the status while it works). */
        void planned(io.i2v.core.job.Interpretation interpretation, String timeline);

        /** The backend is active (a stream event, an encoder frame) though its progress figure did not move. */
        default void alive() {
        }
    }
}
