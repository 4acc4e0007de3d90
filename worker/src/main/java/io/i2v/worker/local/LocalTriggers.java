package io.i2v.worker.local;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.intake.QueueIntake;
import io.i2v.core.intake.UploadIntake;
import io.i2v.function.events.S3UploadHandler;
import io.i2v.function.events.SqsIntakeDeadLetterHandler;
import io.i2v.function.events.SqsIntakeHandler;
import io.i2v.local.EmbeddedAws;
import io.i2v.worker.config.WorkerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Local mode's stand-in for the two Lambda triggers: what AWS's event source mappings do for
 * the functions in {@code function/events}, done against the local queues with the very same
 * handler classes. The inbox queue carries the local S3's event notifications (the S3 event JSON
 * AWS sends), each handed to {@link S3UploadHandler}; the intake queue's messages go in batches of
 * up to ten to {@link SqsIntakeHandler} as an SQS event, and, as with {@code ReportBatchItemFailures},
 * only the messages it did not report are deleted: the others come back after the visibility
 * timeout and, after three receives, land in the intake queue's DLQ, whose messages go to
 * {@link SqsIntakeDeadLetterHandler} the same way (each becomes a FAILED job with a job.failed event).
 */
@Singleton
public class LocalTriggers {
    private static final Logger LOG = Logger.getLogger(LocalTriggers.class);

    private final boolean enabled;
    private final SqsClient sqs;
    private final S3UploadHandler uploads;
    private final SqsIntakeHandler submissions;
    private final SqsIntakeDeadLetterHandler deadSubmissions;
    private final LocalEvents events;
    private final WorkerConfig.Local config;
    private final List<Thread> pollers = new ArrayList<>();
    private volatile boolean running;

    public LocalTriggers(
            EmbeddedAwsServers stack,
            WorkerConfig worker,
            SqsClient sqs,
            UploadIntake uploadIntake,
            QueueIntake queueIntake,
            ObjectMapper json) {
        this.enabled = stack.enabled() && worker.local().triggers();
        this.sqs = sqs;
        this.config = worker.local();
        this.uploads = new S3UploadHandler(uploadIntake);
        this.submissions = new SqsIntakeHandler(queueIntake);
        this.deadSubmissions = new SqsIntakeDeadLetterHandler(queueIntake);
        this.events = new LocalEvents(json);
    }

    void start(@Observes StartupEvent started) {
        if (!enabled) {
            return;
        }
        running = true;
        poll("s3-trigger", config.inboxEventsQueue(), this::onObjectCreated);
        poll(
                "sqs-trigger",
                config.intakeQueue(),
                m -> handled(submissions.handleRequest(events.sqsEvent(m, queueArn(config.intakeQueue())), null), m));
        poll(
                "sqs-dlq-trigger",
                intakeDeadLetterQueue(),
                m -> handled(
                        deadSubmissions.handleRequest(events.sqsEvent(m, queueArn(intakeDeadLetterQueue())), null), m));
    }

    /** Stops before the servers do; a batch being handled finishes (its messages stay until then). */
    void stop(@Observes ShutdownEvent stopping) {
        running = false;
        for (Thread t : pollers) {
            t.interrupt();
        }
        for (Thread t : pollers) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One S3 event per message; a retryable failure (thrown) leaves it for redelivery. */
    private Set<String> onObjectCreated(List<Message> messages) {
        Set<String> done = new HashSet<>();
        for (Message m : messages) {
            try {
                S3Event event = events.s3Event(m.body());
                LOG.debugf("s3 trigger: %s", uploads.handleRequest(event, null)); // handlers never read the Context
                done.add(m.messageId());
            } catch (RuntimeException e) {
                LOG.warnf(
                        "s3 trigger: event %s not handled (%s); it comes back after the visibility timeout",
                        m.messageId(), e.getMessage());
            }
        }
        return done;
    }

    /** As with ReportBatchItemFailures: every message the handler did not report is done (deleted). */
    private static Set<String> handled(SQSBatchResponse response, List<Message> messages) {
        Set<String> failed = response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .collect(Collectors.toSet());
        return messages.stream()
                .map(Message::messageId)
                .filter(id -> !failed.contains(id))
                .collect(Collectors.toSet());
    }

    /** Where the intake queue's redrive policy moves a message after three receives (EmbeddedAwsServers creates it). */
    private String intakeDeadLetterQueue() {
        return config.intakeQueue() + "-dlq";
    }

    private static String queueArn(String queue) {
        return "arn:aws:sqs:" + EmbeddedAws.REGION + ":000000000000:" + queue;
    }

    /** A long-polling loop on {@code queue}; {@code handler} returns the ids of the messages to delete. */
    private void poll(String name, String queue, Function<List<Message>, Set<String>> handler) {
        Thread t = new Thread(
                () -> {
                    String url = null;
                    while (running) {
                        try {
                            if (url == null) {
                                String q = queue;
                                url = sqs.getQueueUrl(b -> b.queueName(q)).queueUrl();
                            }
                            String u = url;
                            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(u)
                                            .maxNumberOfMessages(10)
                                            .waitTimeSeconds(1)
                                            .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                                            .messageAttributeNames("All"))
                                    .messages();
                            if (batch.isEmpty()) {
                                continue;
                            }
                            Set<String> handled = handler.apply(batch);
                            for (Message m : batch) {
                                if (handled.contains(m.messageId())) {
                                    sqs.deleteMessage(b -> b.queueUrl(u).receiptHandle(m.receiptHandle()));
                                }
                            }
                        } catch (RuntimeException e) {
                            if (!running) {
                                return;
                            }
                            LOG.warnf("%s: %s; trying again", name, e.getMessage());
                            sleep();
                        }
                    }
                },
                "i2v-local-" + name);
        t.setDaemon(true);
        pollers.add(t);
        t.start();
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
