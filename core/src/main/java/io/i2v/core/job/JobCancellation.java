package io.i2v.core.job;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.event.JobEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/**
 * Cancels a queued or running job: the status becomes CANCELED at once and a job.canceled event
 * goes out. The write is conditional: a progress write that lands first makes the cancel read
 * again and retry, and a worker's next write after the cancel loses and stops its work.
 */
@ApplicationScoped
public class JobCancellation {
    private final JobLedger ledger;
    private final Clock clock;

    public JobCancellation(JobLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    public JobStatus cancel(String jobId) {
        return cancel(jobId, null);
    }

    /** Cancels if {@code owner} may see the job (null: anyone); another owner's job reads as not found. */
    public JobStatus cancel(String jobId, String owner) {
        ledger.get(jobId, owner);
        LedgerStep step = ledger.update(
                jobId,
                s -> s.to(new JobState.Canceled(), clock.instant()),
                s -> JobEvent.of(JobEvent.CANCELED, jobId, s.state(), null, clock.instant()));
        if (step instanceof LedgerStep.Written w) {
            return w.now().status();
        }
        if (step instanceof LedgerStep.Canceled c) {
            throw ended(jobId, c.stored());
        }
        if (step instanceof LedgerStep.Finished f) {
            throw ended(jobId, f.stored());
        }
        throw new I2vException(ErrorCode.JOB_NOT_FOUND, "no job with id " + jobId);
    }

    private static I2vException ended(String jobId, JobStatus stored) {
        return new I2vException(
                ErrorCode.CONFLICT,
                "job " + jobId + " is already " + stored.state().name()
                        + "; only queued or running jobs can be canceled");
    }
}
