package io.i2v.local;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * SQS queues as the local stack makes them: each with a dead-letter queue and a redrive policy,
 * a FIFO queue with a FIFO dead-letter queue; queues kept from an earlier run are brought to
 * today's settings ({@link EmbeddedAws#createQueue}).
 */
final class DeadLetterQueues {
    /** How SQS names a FIFO queue. */
    private static final String FIFO = ".fifo";

    private DeadLetterQueues() {}

    /** Creates {@code name} and its dead-letter queue through {@code sqs}; returns the queue URL. */
    static String create(SqsClient sqs, String name, int visibilitySeconds, int maxReceives) {
        boolean fifo = name.endsWith(FIFO);
        String base = fifo ? name.substring(0, name.length() - FIFO.length()) : name;
        Map<QueueAttributeName, String> kind = fifo ? Map.of(QueueAttributeName.FIFO_QUEUE, "true") : Map.of();
        String dlqUrl = createOrFind(sqs, base + "-dlq" + (fifo ? FIFO : ""), kind);
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        String redrive = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceives + "\"}";
        Map<QueueAttributeName, String> attributes = Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT,
                Integer.toString(visibilitySeconds),
                QueueAttributeName.REDRIVE_POLICY,
                redrive);
        Map<QueueAttributeName, String> all = new HashMap<>(attributes);
        all.putAll(kind);
        String url = createOrFind(sqs, name, all);
        // a durable queue kept from an earlier run keeps its messages and takes today's settings
        sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(attributes));
        return url;
    }

    private static String createOrFind(SqsClient sqs, String name, Map<QueueAttributeName, String> attributes) {
        try {
            return sqs.createQueue(b -> b.queueName(name).attributes(attributes))
                    .queueUrl();
        } catch (QueueNameExistsException e) {
            return sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
        }
    }
}
