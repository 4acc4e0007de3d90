package io.i2v.worker.ops;

import io.i2v.core.config.I2vConfig;
import io.i2v.core.queue.QueueUrls;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Ready only when the bucket and the jobs and events queues answer. */
@Readiness
@ApplicationScoped
public class AwsReadiness implements HealthCheck {
    private final S3Client s3;
    private final SqsClient sqs;
    private final QueueUrls urls;
    private final I2vConfig config;

    public AwsReadiness(S3Client s3, SqsClient sqs, QueueUrls urls, I2vConfig config) {
        this.s3 = s3;
        this.sqs = sqs;
        this.urls = urls;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("aws");
        try {
            s3.headBucket(b -> b.bucket(config.storage().bucket()));
            response.withData("s3", "ok");
            for (String queue :
                    new String[] {config.queues().jobs(), config.queues().events()}) {
                sqs.getQueueAttributes(b -> b.queueUrl(urls.url(queue)).attributeNamesWithStrings("QueueArn"));
            }
            response.withData("sqs", "ok");
            return response.up().build();
        } catch (RuntimeException e) {
            return response.down()
                    .withData("error", e.getClass().getSimpleName())
                    .build();
        }
    }
}
