package io.i2v.core.queue;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Resolves a configured queue (a name or a full URL) to its URL once. */
@ApplicationScoped
public class QueueUrls {
    private final SqsClient sqs;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    public QueueUrls(SqsClient sqs) {
        this.sqs = sqs;
    }

    public String url(String nameOrUrl) {
        if (nameOrUrl.startsWith("http://") || nameOrUrl.startsWith("https://")) {
            return nameOrUrl;
        }
        return cache.computeIfAbsent(nameOrUrl, name -> {
            try {
                return sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
            } catch (SdkException e) {
                throw new I2vException(
                        ErrorCode.QUEUE_UNAVAILABLE,
                        "queue " + name + " is not reachable: " + e.getClass().getSimpleName(),
                        e);
            }
        });
    }
}
