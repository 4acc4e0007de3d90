package io.i2v.worker.job;

import io.i2v.core.job.JobStage;
import io.i2v.core.job.JobState;
import io.i2v.core.job.JobStatus;
import io.i2v.core.storage.JobRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps one running job's status document current. Progress writes are rate-limited (at most
 * one a second, or on a stage change) so a fast renderer does not flood S3; progress events are
 * rate-limited separately ({@code progressInterval}, or on a stage change).
 */
final class StatusWriter {
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    private final JobRepository jobs;
    private final Clock clock;
    private final StageTimer stages;
    private JobStatus current;
    private Instant lastWrite = Instant.EPOCH;
    private JobStage stage;
    private Instant stageStart;
    private final ProgressEvents progressEvents;
    private final Duration progressInterval;
    private Instant lastEvent = Instant.EPOCH;
    private JobStage lastEventStage;

    /** Told how long each stage took, when the job leaves it. */
    interface StageTimer {
        void record(JobStage stage, Duration took);
    }

    /** Sends a job.progress notification for a running state. */
    interface ProgressEvents {
        void send(JobState.Running state, Instant at);
    }

    private final WorkerStopping stopping;

    StatusWriter(JobRepository jobs, Clock clock, JobStatus initial, StageTimer stages, ProgressEvents progressEvents,
                 Duration progressInterval, WorkerStopping stopping) {
        this.stopping = stopping;
        this.jobs = jobs;
        this.clock = clock;
        this.current = initial;
        this.stages = stages;
        this.progressEvents = progressEvents;
        this.progressInterval = progressInterval;
    }

    JobStatus current() {
        return current;
    }

    /**
     * Writes {@code next} unless the job was canceled meanwhile (by the API), in which case the
     * work stops here: {@link JobCanceled} unwinds it and the CANCELED status stays.
     */
    synchronized JobStatus save(JobStatus next) {
        if (stopping.stopping() && !next.state().terminal()) {
            throw new WorkerStopping.JobReleased(next.id());
        }
        JobStatus stored = jobs.status(next.id()).orElse(null);
        if (stored != null && stored.state() instanceof JobState.Canceled) {
            throw new JobCanceled(next.id());
        }
        if (stored != null && stored.attempts() > Math.max(current.attempts(), next.attempts())) {
            // another delivery of this message started after ours (our visibility lapsed, or this worker was
            // presumed dead): it owns the job now, and two writers must not both drive it
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
        current = next;
        jobs.save(next);
        lastWrite = clock.instant();
        return next;
    }

    synchronized JobStatus to(JobState state) {
        return save(current.to(state, clock.instant()));
    }

    /** Progress from a backend: {@code fraction} of a stage spanning {@code from}..{@code to} percent. */
    synchronized void progress(JobStage stage, double fraction, int from, int to) {
        int percent = from + (int) Math.round((to - from) * Math.max(0, Math.min(1, fraction)));
        JobStage before = current.state() instanceof JobState.Running r ? r.stage() : null;
        Instant now = clock.instant();
        if (stage != before || Duration.between(lastWrite, now).compareTo(MIN_INTERVAL) >= 0) {
            JobState.Running running = new JobState.Running(stage, percent);
            save(current.to(running, now));
            if (stage != lastEventStage || Duration.between(lastEvent, now).compareTo(progressInterval) >= 0) {
                lastEvent = now;
                lastEventStage = stage;
                progressEvents.send(running, now);
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
