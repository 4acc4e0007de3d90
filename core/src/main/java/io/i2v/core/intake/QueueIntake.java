package io.i2v.core.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.error.I2vException;
import io.i2v.core.error.JsonInputErrors;
import io.i2v.core.job.JobOptions;
import io.i2v.core.job.JobSource;
import io.i2v.core.job.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Job submissions arriving as queue messages from other services. The message id is the
 * identity unless the submission names its own {@code idempotencyKey}, so a redelivery is one job.
 */
@ApplicationScoped
public class QueueIntake {
    private static final Logger LOG = Logger.getLogger(QueueIntake.class);
    static final String OWNER = "sqs";

    private final IntakeService intake;
    private final ObjectMapper json;

    public QueueIntake(IntakeService intake, ObjectMapper json) {
        this.intake = intake;
        this.json = json;
    }

    /** @return true when the message became (or already was) a job; false to leave it for redelivery / DLQ */
    public boolean accept(String messageId, String body) {
        try {
            JobSubmission submission = parse(body);
            String identity = submission.idempotencyKey() != null ? submission.idempotencyKey() : messageId;
            JobStatus status =
                    intake.submit(SubmissionMapper.toCommand(submission, JobSource.SQS, identity, OWNER, true));
            LOG.infof("message %s → job %s", messageId, status.id());
            return true;
        } catch (I2vException e) {
            LOG.warnf("message %s rejected: %s %s", messageId, e.code().code(), e.getMessage());
            return false;
        }
    }

    /**
     * Settles a submission the intake queue moved to its dead-letter queue: the job it would have
     * been (the same derived id: its idempotencyKey, else the message id, which SQS keeps on the
     * move) is tried once more; if it is still refused, it is recorded FAILED with the reason and
     * a job.failed event goes out, so the sender can find it ({@code GET /v1/jobs?source=sqs}).
     * Idempotent: a job that exists already is returned as it is.
     *
     * @throws I2vException a retryable failure (storage, queue): leave the message for later
     */
    public JobStatus deadLettered(String messageId, String body) {
        JobSubmission submission;
        try {
            submission = parse(body);
        } catch (I2vException unreadable) {
            LOG.warnf("dead-lettered message %s: %s", messageId, unreadable.getMessage());
            return intake.reject(failedCommand(messageId, null), unreadable);
        }
        String identity =
                submission != null && submission.idempotencyKey() != null ? submission.idempotencyKey() : messageId;
        IntakeCommand command;
        try {
            command = SubmissionMapper.toCommand(submission, JobSource.SQS, identity, OWNER, true);
        } catch (I2vException invalid) {
            LOG.warnf(
                    "dead-lettered message %s: %s %s", messageId, invalid.code().code(), invalid.getMessage());
            return intake.reject(failedCommand(identity, submission == null ? null : submission.prompt()), invalid);
        }
        try {
            return intake.submit(command);
        } catch (I2vException e) {
            if (e.retryable()) {
                throw e;
            }
            LOG.warnf("dead-lettered message %s: %s %s", messageId, e.code().code(), e.getMessage());
            return intake.reject(command, e);
        }
    }

    /** What a refused submission's FAILED record keeps: who sent it and (shortened) what it asked. */
    private static IntakeCommand failedCommand(String identity, String prompt) {
        String shown = prompt == null || prompt.length() <= 500 ? prompt : prompt.substring(0, 500) + "…";
        return new IntakeCommand(JobSource.SQS, shown, List.of(), JobOptions.none(), identity, OWNER, null, null);
    }

    private JobSubmission parse(String body) {
        try {
            return json.readValue(body, JobSubmission.class);
        } catch (JsonProcessingException e) {
            throw JsonInputErrors.describe(e, "the message body");
        }
    }
}
