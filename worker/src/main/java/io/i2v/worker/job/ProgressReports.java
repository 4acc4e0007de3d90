package io.i2v.worker.job;

import io.i2v.core.job.Interpretation;
import io.i2v.core.job.JobStage;
import io.i2v.worker.backend.VideoBackend;

/**
 * Where a backend reports while it works: each report is written through the job's
 * {@link StatusWriter} (so a cancel or a takeover stops the backend at its next report), and every
 * report of forward progress also feeds the watchdog.
 */
final class ProgressReports implements VideoBackend.Progress {
    private final StatusWriter status;
    private final Watchdog.Watch watch;
    private JobStage lastStage;
    private double lastFraction = -1;

    ProgressReports(StatusWriter status, Watchdog.Watch watch) {
        this.status = status;
        this.watch = watch;
    }

    @Override
    public void report(JobStage stage, double fraction) {
        if (stage != lastStage || fraction > lastFraction) {
            watch.touch(); // forward progress; the same figure again is not
            lastStage = stage;
            lastFraction = fraction;
        }
        status.progress(stage, fraction, 5, 90);
    }

    @Override
    public void planned(Interpretation interpretation, String timeline) {
        watch.touch();
        status.save(status.current().withPlan(interpretation, timeline));
    }

    @Override
    public void alive() {
        watch.touch();
    }

    @Override
    public void checkpoint(String step, String value) {
        watch.touch();
        status.save(status.current().withCheckpoint(step, value));
    }

    @Override
    public void message(String text) {
        watch.touch();
        status.save(status.current().withMessage(text));
    }

    @Override
    public void creditsUsed(int credits) {
        status.save(status.current().withCreditsUsed(credits));
    }
}
