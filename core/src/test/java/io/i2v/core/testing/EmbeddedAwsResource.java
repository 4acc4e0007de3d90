package io.i2v.core.testing;

import io.i2v.local.EmbeddedAws;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

/** Real SQS (ElasticMQ) and S3 (S3Proxy) servers on loopback for a Quarkus test, fresh state each time. */
public class EmbeddedAwsResource implements QuarkusTestResourceLifecycleManager {
    public static final String BUCKET = "i2v-test";
    public static final String JOBS = "i2v-jobs";
    public static final String EVENTS = "i2v-events.fifo";
    public static final String INTAKE = "i2v-intake";

    private EmbeddedAws aws;

    @Override
    public Map<String, String> start() {
        try {
            aws = EmbeddedAws.start(Files.createTempDirectory("i2v-test-aws"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        aws.createBucket(BUCKET);
        aws.createQueue(JOBS, 60, 3);
        aws.createQueue(EVENTS, 30, 5);
        aws.createQueue(INTAKE, 30, 3);
        return Map.of(
                "i2v.aws.s3-endpoint",
                aws.s3Endpoint().toString(),
                "i2v.aws.sqs-endpoint",
                aws.sqsEndpoint().toString(),
                "i2v.aws.access-key-id",
                EmbeddedAws.ACCESS_KEY,
                "i2v.aws.secret-access-key",
                EmbeddedAws.SECRET_KEY,
                "i2v.storage.bucket",
                BUCKET,
                "i2v.queues.jobs",
                JOBS,
                "i2v.queues.events",
                EVENTS);
    }

    @Override
    public void stop() {
        if (aws != null) {
            aws.close();
        }
    }
}
