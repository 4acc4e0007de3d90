package io.i2v.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The jobs queue (worker input), the intake queue (other services' submissions) and the webhooks
 * queue (deliveries and their delayed retries) with their dead-letter queues, and the events
 * queue (FIFO, deduplicated by event id). All encrypted.
 */
public final class Queues extends Construct {
    /** Longest job: a 15-minute backend stream plus render and storage; the worker also heartbeats. */
    static final Duration JOB_VISIBILITY = Duration.minutes(30);
    /** Deliveries before a job message moves to the dead-letter queue (the worker fails jobs after 3). */
    static final int JOB_MAX_RECEIVES = 5;

    private final Queue jobs;
    private final Queue jobsDlq;
    private final Queue intake;
    private final Queue intakeDlq;
    private final Queue events;
    private final Queue webhooks;
    private final Queue webhooksDlq;

    public Queues(Construct scope, String id, Duration intakeFunctionTimeout) {
        super(scope, id);
        jobsDlq = queue("JobsDlq", Duration.seconds(30), null, Duration.days(14));
        jobs = queue("Jobs", JOB_VISIBILITY, dlq(jobsDlq, JOB_MAX_RECEIVES), Duration.days(4));
        intakeDlq = queue("IntakeDlq", Duration.seconds(30), null, Duration.days(14));
        // AWS advice for Lambda event sources: visibility at least six times the function timeout
        intake = queue(
                "Intake",
                Duration.seconds(intakeFunctionTimeout.toSeconds().intValue() * 6),
                dlq(intakeDlq, 3),
                Duration.days(4));
        // FIFO: a job's events in order, and a second copy of one (same event id) dropped
        events = Queue.Builder.create(this, "Events")
                .fifo(true)
                .contentBasedDeduplication(false)
                .visibilityTimeout(Duration.seconds(30))
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(4))
                .build();
        // a retry is a redelivery after the schedule's wait (about a day in all, 8 attempts)
        webhooksDlq = queue("WebhooksDlq", Duration.seconds(30), null, Duration.days(14));
        webhooks = queue("Webhooks", Duration.minutes(1), dlq(webhooksDlq, 12), Duration.days(4));
    }

    private Queue queue(String id, Duration visibility, DeadLetterQueue dlq, Duration retention) {
        Queue.Builder b = Queue.Builder.create(this, id)
                .visibilityTimeout(visibility)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(retention);
        if (dlq != null) {
            b.deadLetterQueue(dlq);
        }
        return b.build();
    }

    private static DeadLetterQueue dlq(Queue queue, int maxReceives) {
        return DeadLetterQueue.builder()
                .queue(queue)
                .maxReceiveCount(maxReceives)
                .build();
    }

    public Queue jobs() {
        return jobs;
    }

    public Queue jobsDlq() {
        return jobsDlq;
    }

    public Queue intake() {
        return intake;
    }

    public Queue intakeDlq() {
        return intakeDlq;
    }

    public Queue events() {
        return events;
    }

    public Queue webhooks() {
        return webhooks;
    }

    public Queue webhooksDlq() {
        return webhooksDlq;
    }
}
