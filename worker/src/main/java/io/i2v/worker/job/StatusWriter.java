package io.i2v.worker.job;

import io.i2v.core.event.JobEvent;
import io.i2v.core.job.JobLedger;
import io.i2v.core.job.JobStage;
import io.i2v.core.job.JobState;
import io.i2v.core.job.JobStatus;
import io.i2v.core.job.LedgerStep;
import io.i2v.core.storage.TrackedStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps one running job's status document current. Progress writes are rate-limited (at most
 * one a second, or on a stage change) so a fast renderer does not flood S3; progress events are
 * rate-limited separately ({@code progressInterval}, or on a stage change). Every write goes
 * through the {@link JobLedger} conditionally on the status this writer last wrote, so a cancel or
 * another delivery that wrote in between makes the write lose, and the work stops.
 */
final class StatusWriter {
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    private final JobLedger ledger;
    private final Clock clock;
    private final StageTimer stages;
    private TrackedStatus current;
    private Instant lastWrite = Instant.EPOCH;
    private JobStage stage;
    private Instant stageStart;
    private final Duration progressInterval;
    private Instant lastEvent = Instant.EPOCH;
    private JobStage lastEventStage;

    /** Told how long each stage took, when the job leaves it. */
    interface StageTimer {
        void record(JobStage stage, Duration took);
    }

    private final WorkerStopping stopping;

    StatusWriter(
            JobLedger ledger,
            Clock clock,
            TrackedStatus initial,
            StageTimer stages,
            Duration progressInterval,
            WorkerStopping stopping) {
        this.stopping = stopping;
        this.ledger = ledger;
        this.clock = clock;
        this.current = initial;
        this.stages = stages;
        this.progressInterval = progressInterval;
    }

    JobStatus current() {
        return current.status();
    }

    /** What was last written, with its ETag. */
    TrackedStatus tracked() {
        return current;
    }

    /**
     * Writes {@code next} (and publishes {@code events}) unless someone else wrote the job since
     * this writer last did: canceled meanwhile ({@link JobCanceled}: CANCELED stays), or another
     * delivery started (our visibility lapsed, or this worker was presumed dead) or ended it
     * ({@link JobTakenOver}: two writers must not both drive a job).
     */
    synchronized JobStatus save(JobStatus next, JobEvent... events) {
        if (stopping.stopping() && !next.state().terminal()) {
            throw new WorkerStopping.JobReleased(next.id());
        }
        LedgerStep step = ledger.write(current, next, events);
        if (step instanceof LedgerStep.Canceled) {
            throw new JobCanceled(next.id());
        }
        if (!(step instanceof LedgerStep.Written written)) {
            throw new JobTakenOver(next.id());
        }
        JobStage nextStage = next.state() instanceof JobState.Running r ? r.stage() : null;
        Instant now = clock.instant();
        if (nextStage != stage) {
            if (stage != null) {
                stages.record(stage, Duration.between(stageStart, now));
            }
            stage = nextStage;
            stageStart = now;
        }
        current = written.now();
        lastWrite = clock.instant();
        return next;
    }

    /** Continues from {@code latest}, the stored status as just read (a claim that lost to the delivery it takes over from). */
    synchronized void restart(TrackedStatus latest) {
        current = latest;
    }

    synchronized JobStatus to(JobState state, JobEvent... events) {
        return save(current().to(state, clock.instant()), events);
    }

    /** Progress from a backend: {@code fraction} of a stage spanning {@code from}..{@code to} percent. */
    synchronized void progress(JobStage stage, double fraction, int from, int to) {
        int percent = from + (int) Math.round((to - from) * Math.max(0, Math.min(1, fraction)));
        JobStage before = current().state() instanceof JobState.Running r ? r.stage() : null;
        Instant now = clock.instant();
        if (stage != before || Duration.between(lastWrite, now).compareTo(MIN_INTERVAL) >= 0) {
            JobState.Running running = new JobState.Running(stage, percent);
            if (stage != lastEventStage || Duration.between(lastEvent, now).compareTo(progressInterval) >= 0) {
                lastEvent = now;
                lastEventStage = stage;
                save(
                        current().to(running, now),
                        JobEvent.progress(current.status().id(), running, now));
            } else {
                save(current().to(running, now));
            }
        }
    }

    /** A later delivery of the same job started; this one must stop without side effects. */
    static final class JobTakenOver extends RuntimeException implements JobInterruption {
        JobTakenOver(String jobId) {
            super("job " + jobId + " was taken over by a later delivery", null, false, false);
        }
    }

    /** The job was canceled while this worker ran it. */
    static final class JobCanceled extends RuntimeException implements JobInterruption {
        JobCanceled(String jobId) {
            super("job " + jobId + " was canceled", null, false, false);
        }
    }
}
