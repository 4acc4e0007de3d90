package io.i2v.core.job;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.event.JobEvent;
import io.i2v.core.storage.JobRepository;
import io.i2v.core.storage.TrackedStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * The one place a job's lifecycle step happens: transition (checked against {@link JobTransitions})
 * → conditional write of {@code status.json} ({@code If-Match} on the ETag it was read with;
 * {@code If-None-Match: *} on create) → events, each through the outbox. A lost race is a
 * {@link LedgerStep}, never an overwrite. The outbox claims an event id with a conditional create
 * before sending it, so a redelivery or a second writer never publishes the same event twice.
 */
@ApplicationScoped
public class JobLedger {
    private static final Logger LOG = Logger.getLogger(JobLedger.class);
    /** Read-change-write rounds {@link #update} makes before it gives up on a busy job. */
    private static final int ROUNDS = 50;

    /** Where published events go: the events queue, and the webhook outbox for a job with a URL. */
    public interface Events {
        void publish(JobEvent event, String webhookUrl);
    }

    private final JobRepository jobs;
    private final Events events;

    public JobLedger(JobRepository jobs, Events events) {
        this.jobs = jobs;
        this.events = events;
    }

    /** The job if {@code owner} may see it (null: anyone); another owner's job, or a malformed id, is empty. */
    public Optional<TrackedStatus> find(String jobId, String owner) {
        if (!JobIds.valid(jobId)) {
            return Optional.empty();
        }
        return jobs.tracked(jobId).filter(t -> visibleTo(t.status(), owner));
    }

    /** As {@link #find}, or {@code job_not_found}. */
    public TrackedStatus get(String jobId, String owner) {
        return find(jobId, owner)
                .orElseThrow(() -> new I2vException(ErrorCode.JOB_NOT_FOUND, "no job with id " + jobId));
    }

    /** Jobs without an owner (old records, S3/SQS intake) are visible to every API caller. */
    public static boolean visibleTo(JobStatus status, String owner) {
        return owner == null || status.owner() == null || owner.equals(status.owner());
    }

    /** Stores a new job's first status unless one exists, then publishes {@code event} (may be null). */
    public LedgerStep create(JobStatus first, JobEvent event) {
        Optional<TrackedStatus> created = jobs.createStatus(first);
        if (created.isEmpty()) {
            return jobs.tracked(first.id())
                    .<LedgerStep>map(LedgerStep.Exists::new)
                    .orElseGet(LedgerStep.Missing::new);
        }
        publish(first, event);
        return new LedgerStep.Written(created.get());
    }

    /**
     * Replaces {@code from} by {@code next} if nobody wrote the job since {@code from} was read,
     * then publishes {@code events}. A lost race is told by what is stored now.
     */
    public LedgerStep write(TrackedStatus from, JobStatus next, JobEvent... events) {
        if (!next.state().equals(from.status().state())) {
            JobTransitions.check(from.status().state(), next.state());
        }
        Optional<TrackedStatus> written = jobs.replace(from, next);
        if (written.isEmpty()) {
            return lost(next.id());
        }
        for (JobEvent event : events) {
            publish(next, event);
        }
        return new LedgerStep.Written(written.get());
    }

    /**
     * A step that holds whatever else happened: reads the job, applies {@code change}, writes
     * conditionally, and on a lost race reads again and re-applies, until it lands or the job has
     * ended. A job that has ended is left alone ({@code Canceled} or {@code Finished}).
     */
    public LedgerStep update(String jobId, UnaryOperator<JobStatus> change, Function<JobStatus, JobEvent> event) {
        for (int round = 0; round < ROUNDS; round++) {
            Optional<TrackedStatus> now = jobs.tracked(jobId);
            if (now.isEmpty()) {
                return new LedgerStep.Missing();
            }
            if (now.get().status().state().terminal()) {
                return ended(now.get().status());
            }
            JobStatus next = change.apply(now.get().status());
            JobEvent e = event == null ? null : event.apply(next);
            LedgerStep step = e == null ? write(now.get(), next) : write(now.get(), next, e);
            if (step instanceof LedgerStep.Written || step instanceof LedgerStep.Missing) {
                return step;
            }
            backOff(round);
        }
        throw new I2vException(
                ErrorCode.STORAGE_UNAVAILABLE,
                "job " + jobId + " changed " + ROUNDS + " times while being updated; try again");
    }

    /**
     * Publishes {@code event} of {@code status}'s job once per event id: the outbox claims the id
     * with a conditional create (which stores the event), only the claimant sends, and a sent
     * marker follows the send. A publisher that dies between claim and marker leaves the event to
     * {@link #relay}, and the events queue drops a second copy by the event id (FIFO
     * deduplication), so the event goes out once, not at most once. An event that cannot be sent
     * gives its claim back, so a later attempt (a redelivery) sends it.
     */
    public void publish(JobStatus status, JobEvent event) {
        if (event != null && claim(status, event)) {
            send(status, event);
        }
    }

    /**
     * Runs {@code step} between claiming {@code event} and sending it, so the slow part of
     * publishing (the outbox's conditional create) is done before the step and the event leaves
     * right after it. Intake enqueues a job this way: its job.queued goes out before a worker that
     * takes the message straight away can publish job.started. If {@code step} fails, the claim is
     * given back and the failure is thrown.
     */
    public void publishAround(JobStatus status, JobEvent event, Runnable step) {
        boolean claimed = claim(status, event);
        try {
            step.run();
        } catch (RuntimeException e) {
            if (claimed) {
                release(status, event);
            }
            throw e;
        }
        if (claimed) {
            send(status, event);
        }
    }

    private boolean claim(JobStatus status, JobEvent event) {
        try {
            if (jobs.claimEvent(status.id(), event.eventId(), event)) {
                return true;
            }
            LOG.debugf("job %s: %s already published", status.id(), event.eventId());
        } catch (RuntimeException e) {
            LOG.warnf(
                    "job %s: %s event not published (outbox unavailable): %s",
                    status.id(), event.type(), e.getMessage());
        }
        return false;
    }

    /**
     * Sends what the outbox holds for {@code status}'s job and never marked sent: events whose
     * publisher died after claiming them. Every delivery of a job message calls this first.
     */
    public void relay(JobStatus status) {
        List<JobEvent> unsent;
        try {
            unsent = jobs.unsentEvents(status.id());
        } catch (RuntimeException e) {
            LOG.warnf(
                    "job %s: outbox not readable, unsent events wait for the next delivery: %s",
                    status.id(), e.getMessage());
            return;
        }
        for (JobEvent event : unsent) {
            LOG.infof(
                    "job %s: %s was claimed but not marked sent; sending it (the queue drops a copy)",
                    status.id(), event.type());
            send(status, event);
        }
    }

    private void send(JobStatus status, JobEvent event) {
        try {
            events.publish(event, status.webhookUrl());
        } catch (RuntimeException e) {
            // the step itself stands; a lost notification must not undo it
            LOG.warnf("job %s: %s event not published: %s", status.id(), event.type(), e.getMessage());
            release(status, event);
            return;
        }
        try {
            jobs.eventSent(status.id(), event.eventId());
        } catch (RuntimeException e) {
            LOG.debugf(
                    "job %s: %s sent, marker not written (a relay sends it again, the queue drops it): %s",
                    status.id(), event.type(), e.getMessage());
        }
    }

    private void release(JobStatus status, JobEvent event) {
        try {
            jobs.releaseEvent(status.id(), event.eventId());
        } catch (RuntimeException again) {
            LOG.warnf("job %s: outbox claim of %s kept: %s", status.id(), event.eventId(), again.getMessage());
        }
    }

    /** A random pause growing with the round, so a busy writer leaves this one a gap. */
    private static void backOff(int round) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L + Math.min(round, 20) * 5L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new I2vException(ErrorCode.STORAGE_UNAVAILABLE, "interrupted while updating a job", e);
        }
    }

    private LedgerStep lost(String jobId) {
        Optional<TrackedStatus> stored = jobs.tracked(jobId);
        if (stored.isEmpty()) {
            return new LedgerStep.Missing();
        }
        JobStatus s = stored.get().status();
        return s.state().terminal() ? ended(s) : new LedgerStep.TakenOver(s);
    }

    private static LedgerStep ended(JobStatus s) {
        return s.state() instanceof JobState.Canceled ? new LedgerStep.Canceled(s) : new LedgerStep.Finished(s);
    }
}
