package io.i2v.worker.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.ErrorInfo;
import io.i2v.core.error.I2vException;
import io.i2v.core.event.JobEvent;
import io.i2v.core.job.JobLedger;
import io.i2v.core.job.JobRequest;
import io.i2v.core.job.JobRequestCodec;
import io.i2v.core.job.JobState;
import io.i2v.core.job.JobStatus;
import io.i2v.core.job.LedgerStep;
import io.i2v.core.storage.JobRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Settles the jobs whose messages the queue moved to the dead-letter queue (received too often
 * without the job finishing: a worker crashing on it, an unreadable record, an outage): the job
 * becomes FAILED with {@code retries_exhausted} and the reason, and a job.failed event goes out —
 * a job is never silently dropped. A message naming no job stays in the dead-letter queue for an
 * operator to inspect.
 */
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final JobRepository jobs;
    private final JobRequestCodec codec;
    private final JobLedger ledger;
    private final Clock clock;

    public DeadLetters(JobRepository jobs, ObjectMapper json, JobLedger ledger, Clock clock) {
        this.jobs = jobs;
        this.codec = new JobRequestCodec(json);
        this.ledger = ledger;
        this.clock = clock;
    }

    /** @return DONE when the message is settled (delete it), RETRY to leave it in the dead-letter queue */
    public Outcome settle(String body, int receives) {
        String jobId = codec.peekJobId(body);
        if (jobId == null) {
            LOG.errorf("dead-lettered message names no job; left in the dead-letter queue for inspection");
            return Outcome.RETRY;
        }
        Optional<JobStatus> status;
        String lastNote = null;
        boolean unreadable = false;
        try {
            status = jobs.status(jobId);
        } catch (IllegalStateException e) {
            status = Optional.empty();
            lastNote = "its status record was unreadable";
            unreadable = true;
        }
        if (status.isPresent() && status.get().state().terminal()) {
            return Outcome.DONE; // finished after all (e.g. canceled); nothing to do
        }
        if (status.isPresent()) {
            List<String> messages = status.get().messages();
            lastNote = messages.isEmpty()
                    ? "last state " + status.get().state().name().toLowerCase()
                    : messages.get(messages.size() - 1);
        }
        ErrorInfo error = new ErrorInfo(
                ErrorCode.RETRIES_EXHAUSTED.code(),
                "the job could not be finished: its "
                        + "message was delivered " + receives + " time(s) without the job ending, and was moved to the "
                        + "dead-letter queue" + (lastNote == null ? "" : " (" + lastNote + ")")
                        + "; submit it again to retry",
                false);
        LedgerStep step;
        if (status.isPresent()) {
            // a worker still writing the job makes this read again; a job that ended meanwhile stays as it ended
            step = ledger.update(jobId, s -> s.to(new JobState.Failed(error), clock.instant()), this::failedEvent);
        } else {
            Optional<JobRequest> request = request(body, jobId);
            if (request.isEmpty()) {
                LOG.errorf(
                        "job %s: dead-lettered, but neither its record nor its message can be read; left in the "
                                + "dead-letter queue",
                        jobId);
                return Outcome.RETRY;
            }
            JobStatus failed = JobStatus.rejected(request.get(), error, clock.instant());
            jobs.index(failed);
            step = unreadable ? overwrite(failed) : ledger.create(failed, failedEvent(failed));
        }
        if (step instanceof LedgerStep.Written) {
            LOG.warnf("job %s: failed: %s %s", jobId, error.code(), error.message());
        }
        return Outcome.DONE;
    }

    /** An unreadable status cannot be compared against; the failed one replaces it. */
    private LedgerStep overwrite(JobStatus failed) {
        jobs.save(failed);
        ledger.publish(failed, failedEvent(failed));
        return new LedgerStep.Written(null);
    }

    private JobEvent failedEvent(JobStatus failed) {
        return JobEvent.of(JobEvent.FAILED, failed.id(), failed.state(), null, clock.instant());
    }

    private Optional<JobRequest> request(String body, String jobId) {
        try {
            return Optional.of(codec.decode(body));
        } catch (I2vException e) {
            try {
                return jobs.request(jobId);
            } catch (RuntimeException unreadable) {
                return Optional.empty();
            }
        }
    }
}
