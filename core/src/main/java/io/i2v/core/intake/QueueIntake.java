package io.i2v.core.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.error.I2vException;
import io.i2v.core.job.JobSource;
import io.i2v.core.job.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
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
            JobStatus status = intake.submit(SubmissionMapper.toCommand(submission, JobSource.SQS, identity, OWNER,
                    true));
            LOG.infof("message %s → job %s", messageId, status.id());
            return true;
        } catch (I2vException e) {
            LOG.warnf("message %s rejected: %s %s", messageId, e.code().code(), e.getMessage());
            return false;
        }
    }

    private JobSubmission parse(String body) {
        try {
            return json.readValue(body, JobSubmission.class);
        } catch (JsonProcessingException e) {
            throw io.i2v.core.error.JsonInputErrors.describe(e, "the message body");
        }
    }
}
