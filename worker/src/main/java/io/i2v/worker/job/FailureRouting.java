package io.i2v.worker.job;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.ErrorInfo;
import io.i2v.core.error.I2vException;
import io.i2v.core.event.JobEvent;
import io.i2v.core.job.JobLedger;
import io.i2v.core.job.JobRequestCodec;
import io.i2v.core.job.JobState;
import io.i2v.core.job.JobStatus;
import io.i2v.core.job.LedgerStep;
import io.i2v.worker.backend.VideoBackend;
import io.i2v.worker.ops.JobMetrics;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;

/**
 * How a delivery that threw ends, decided in one place: handed back (the worker is stopping),
 * stopped (canceled, or taken over by a later delivery), FAILED with {@code stalled} (the
 * watchdog), retried (a retryable error with attempts left) or FAILED with its code. Every write
 * goes through the ledger, so a failure never overwrites a cancel or another delivery's work.
 */
final class FailureRouting {
    private static final Logger LOG = Logger.getLogger(FailureRouting.class);

    private final JobLedger ledger;
    private final JobRequestCodec codec;
    private final JobMetrics metrics;
    private final String backendName;
    private final int maxAttempts;
    private final Clock clock;
    private final Duration watchdogTimeout;

    /** @param backendName for the error metrics; @param maxAttempts deliveries before a retryable error fails the job */
    FailureRouting(
            JobLedger ledger,
            JobRequestCodec codec,
            JobMetrics metrics,
            String backendName,
            int maxAttempts,
            Clock clock,
            Duration watchdogTimeout) {
        this.ledger = ledger;
        this.codec = codec;
        this.metrics = metrics;
        this.backendName = backendName;
        this.maxAttempts = maxAttempts;
        this.clock = clock;
        this.watchdogTimeout = watchdogTimeout;
    }

    /** The outcome of a delivery of {@code jobId} that failed with {@code e}. */
    Outcome route(
            String jobId, StatusWriter status, Throwable e, int deliveries, boolean stalled, VideoBackend backend) {
        e = unwrapped(e);
        if (e instanceof WorkerStopping.JobReleased) {
            return release(status);
        }
        if (e instanceof StatusWriter.JobCanceled) {
            backend.cancel(jobId); // a remote render stops too
            LOG.infof("job %s: canceled while running; stopped without a result", jobId);
            return Outcome.DONE;
        }
        if (e instanceof StatusWriter.JobTakenOver) {
            LOG.warnf("job %s: a later delivery took this job over; this one stops without touching it", jobId);
            return Outcome.LEAVE;
        }
        if (stalled) {
            return stalled(jobId, status);
        }
        if (e instanceof I2vException i2v) {
            metrics.error(backendName, i2v.code().code());
            return failed(jobId, status, i2v, deliveries);
        }
        if (e instanceof Error && !(e instanceof LinkageError)) {
            throw (Error) e;
        }
        LOG.errorf(e, "job %s: unexpected failure", jobId);
        metrics.error(backendName, ErrorCode.RENDER_FAILED.code());
        return failed(
                jobId,
                status,
                new I2vException(
                        ErrorCode.RENDER_FAILED,
                        "rendering failed: " + e.getClass().getSimpleName()),
                deliveries);
    }

    /** A message we cannot read: fail its job if we can name it, else leave it for the dead-letter queue. */
    Outcome undecodable(String body, I2vException e) {
        String jobId = codec.peekJobId(body);
        LedgerStep step = jobId == null
                ? new LedgerStep.Missing()
                : ledger.update(
                        jobId,
                        s -> s.to(new JobState.Failed(e.toInfo()), clock.instant()),
                        s -> JobEvent.of(JobEvent.FAILED, jobId, s.state(), null, clock.instant()));
        if (!(step instanceof LedgerStep.Written)) {
            LOG.errorf(
                    "unreadable job message (%s: %s); left for the dead-letter queue",
                    e.code().code(), e.getMessage());
            return step instanceof LedgerStep.Missing ? Outcome.RETRY : Outcome.DONE;
        }
        return Outcome.DONE;
    }

    private static Throwable unwrapped(Throwable e) {
        while ((e instanceof UncheckedIOException
                        || e instanceof CompletionException
                        || e instanceof ExecutionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** The watchdog stopped the job: FAILED with {@code stalled}, not retried (its remote work was cancelled). */
    private Outcome stalled(String jobId, StatusWriter status) {
        metrics.error(backendName, ErrorCode.STALLED.code());
        ErrorInfo error = new ErrorInfo(
                ErrorCode.STALLED.code(),
                "the job made no progress for " + watchdogTimeout.toSeconds() + " s and was stopped",
                false);
        try {
            failWith(status, error);
            LOG.warnf("job %s: failed: %s %s", jobId, error.code(), error.message());
        } catch (StatusWriter.JobCanceled canceled) {
            // canceled meanwhile: CANCELED stands
        } catch (StatusWriter.JobTakenOver takenOver) {
            return Outcome.LEAVE;
        }
        return Outcome.DONE;
    }

    /** FAILED with {@code error} and its job.failed event; throws if canceled or taken over meanwhile. */
    private void failWith(StatusWriter status, ErrorInfo error) {
        JobState.Failed failed = new JobState.Failed(error);
        status.to(failed, JobEvent.of(JobEvent.FAILED, status.current().id(), failed, null, clock.instant()));
    }

    /** The worker is stopping: back to QUEUED (what is checkpointed stays), for another worker to resume. */
    private Outcome release(StatusWriter status) {
        JobStatus current = status.current();
        JobStatus queued = current.withMessage("The worker stopped; the job was handed back to the queue.");
        LedgerStep step = ledger.write(
                status.tracked(),
                queued.state() instanceof JobState.Queued ? queued : queued.to(new JobState.Queued(), clock.instant()));
        if (step instanceof LedgerStep.TakenOver) {
            return Outcome.LEAVE; // another delivery owns the job and its message
        }
        if (!(step instanceof LedgerStep.Written)) {
            return Outcome.DONE; // canceled or ended meanwhile
        }
        LOG.infof("job %s: worker stopping; handed back to the queue", current.id());
        return Outcome.RELEASE;
    }

    private Outcome failed(String jobId, StatusWriter status, I2vException e, int deliveries) {
        try {
            return recordFailure(jobId, status, e, deliveries);
        } catch (StatusWriter.JobCanceled canceled) {
            return Outcome.DONE; // canceled meanwhile: CANCELED stands, the failure does not matter
        } catch (StatusWriter.JobTakenOver takenOver) {
            return Outcome.LEAVE; // another delivery owns the job and its message
        }
    }

    private Outcome recordFailure(String jobId, StatusWriter status, I2vException e, int deliveries) {
        boolean retry = e.retryable() && deliveries < maxAttempts;
        if (retry) {
            LOG.warnf(
                    "job %s: attempt %d failed (%s: %s); will retry",
                    jobId, deliveries, e.code().code(), e.getMessage());
            JobStatus noted = status.current()
                    .withMessage(
                            "Attempt " + deliveries + " failed (" + e.code().code() + "); retrying.");
            status.save(
                    noted.state() instanceof JobState.Queued
                            ? noted
                            : noted.to(new JobState.Queued(), clock.instant()));
            return Outcome.RETRY;
        }
        ErrorInfo error = e.retryable()
                ? new ErrorInfo(e.code().code(), e.getMessage() + " (gave up after " + deliveries + " attempts)", false)
                : e.toInfo();
        failWith(status, error); // throws if canceled or taken over meanwhile
        LOG.warnf("job %s: failed: %s %s", jobId, error.code(), error.message());
        return Outcome.DONE;
    }
}
