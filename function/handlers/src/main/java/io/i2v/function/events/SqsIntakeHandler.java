package io.i2v.function.events;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.i2v.core.intake.QueueIntake;
import jakarta.inject.Named;
import java.util.List;

/**
 * SQS trigger for job submissions from other services. Each message is accepted or reported as
 * a batch item failure on its own (needs ReportBatchItemFailures on the event source mapping),
 * so one bad message neither blocks nor repeats the good ones in its batch.
 */
@Named("sqs")
public class SqsIntakeHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final QueueIntake intake;

    public SqsIntakeHandler(QueueIntake intake) {
        this.intake = intake;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = event.getRecords().stream()
                .filter(m -> !intake.accept(m.getMessageId(), m.getBody()))
                .map(m -> new SQSBatchResponse.BatchItemFailure(m.getMessageId()))
                .toList();
        return new SQSBatchResponse(failures);
    }
}
