package io.i2v.worker.backend;

import io.i2v.core.job.Interpretation;
import io.i2v.core.job.JobStage;

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
    default void cancel(String jobId) {}

    /** Progress within the backend's own work, 0..1, with the stage it is in. */
    interface Progress {
        void report(JobStage stage, double fraction);

        /** What the backend understood, as soon as it knows (shown in the status while it works). */
        void planned(Interpretation interpretation, String timeline);

        /**
         * Records a finished (or started) step in the job's status before the work goes on, so a
         * redelivered job resumes there. Written through at once; may block.
         */
        default void checkpoint(String step, String value) {}

        /** A message for people (the backend's own words), shown in the status while the job runs. */
        default void message(String text) {}

        /** Credits the backend charged for this job so far. */
        default void creditsUsed(int credits) {}

        /** The backend is active (a stream event, an encoder frame) though its progress figure did not move. */
        default void alive() {}
    }
}
