package io.i2v.function.events;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.i2v.core.intake.QueueIntake;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * SQS trigger on the intake queue's dead-letter queue: each submission that ended there becomes
 * the FAILED job it would have been, with a job.failed event ({@link QueueIntake#deadLettered}).
 * Only a retryable failure (storage or queue briefly down) is reported back, to come again.
 */
@Named("sqs-dlq")
public class SqsIntakeDeadLetterHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = Logger.getLogger(SqsIntakeDeadLetterHandler.class);

    private final QueueIntake intake;

    public SqsIntakeDeadLetterHandler(QueueIntake intake) {
        this.intake = intake;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            try {
                LOG.infof(
                        "dead-lettered message %s → job %s",
                        m.getMessageId(),
                        intake.deadLettered(m.getMessageId(), m.getBody()).id());
            } catch (RuntimeException e) {
                LOG.warnf("dead-lettered message %s not settled (%s); it comes back", m.getMessageId(), e.getMessage());
                failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }
}
