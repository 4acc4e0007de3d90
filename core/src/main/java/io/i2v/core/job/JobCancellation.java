package io.i2v.core.job;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.event.EventPublisher;
import io.i2v.core.event.JobEvent;
import io.i2v.core.storage.JobRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Cancels a queued or running job: the status becomes CANCELED at once and a job.canceled event
 * goes out; a worker running the job sees it at its next status write and stops without a result.
 */
@ApplicationScoped
public class JobCancellation {
    private static final Logger LOG = Logger.getLogger(JobCancellation.class);

    private final JobRepository jobs;
    private final EventPublisher events;
    private final Clock clock;

    public JobCancellation(JobRepository jobs, EventPublisher events, Clock clock) {
        this.jobs = jobs;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Status writes are not yet conditional (see the job-ledger issue): a worker that read the job
     * just before this write can put its RUNNING progress back over it. Its read-to-write gap is a
     * few milliseconds, so a look a moment later finds such an overwrite and writes CANCELED again;
     * the worker then sees it at its next status write and stops.
     */
    private void confirm(JobStatus canceled) {
        for (int look = 0; look < 2; look++) {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            JobStatus now = jobs.status(canceled.id()).orElse(null);
            if (now == null || now.state().terminal()) {
                return;
            }
            jobs.save(canceled);
        }
    }

    public JobStatus cancel(String jobId) {
        return cancel(jobId, null);
    }

    /** Cancels if {@code owner} may see the job (null: anyone); another owner's job reads as not found. */
    public JobStatus cancel(String jobId, String owner) {
        JobStatus status = (JobIds.valid(jobId) ? jobs.status(jobId) : java.util.Optional.<JobStatus>empty())
                .filter(s -> JobQueries.visibleTo(s, owner))
                .orElseThrow(() -> new I2vException(ErrorCode.JOB_NOT_FOUND, "no job with id " + jobId));
        if (status.state().terminal()) {
            throw new I2vException(ErrorCode.CONFLICT, "job " + jobId + " is already " + status.state().name()
                    + "; only queued or running jobs can be canceled");
        }
        JobStatus canceled = status.to(new JobState.Canceled(), clock.instant());
        jobs.save(canceled);
        confirm(canceled);
        try {
            events.publish(JobEvent.of(JobEvent.CANCELED, jobId, canceled.state(), null, clock.instant()));
        } catch (I2vException e) {
            LOG.warnf("job %s: job.canceled event not published: %s", jobId, e.getMessage());
        }
        return canceled;
    }
}
