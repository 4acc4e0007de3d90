package io.i2v.worker;

import io.i2v.core.aws.ConditionalPutsWithoutContinue;
import io.i2v.core.storage.ObjectStore;
import io.i2v.local.EmbeddedAws;
import java.nio.file.Files;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 for tests that need storage and no queues or Quarkus: the embedded S3Proxy with one
 * bucket, a client that sends conditional PUTs as the worker does, and the object store over it.
 */
public final class EmbeddedBucket implements AutoCloseable {
    private final EmbeddedAws aws;
    private final S3Client s3;
    private final ObjectStore store;

    private EmbeddedBucket(EmbeddedAws aws, S3Client s3, String bucket) {
        this.aws = aws;
        this.s3 = s3;
        this.store = new ObjectStore(s3, null, bucket);
    }

    public static EmbeddedBucket start(String bucket) throws Exception {
        EmbeddedAws aws = EmbeddedAws.start(Files.createTempDirectory("i2v-" + bucket));
        aws.createBucket(bucket);
        return new EmbeddedBucket(aws, aws.s3Client(new ConditionalPutsWithoutContinue()), bucket);
    }

    public S3Client s3() {
        return s3;
    }

    public ObjectStore store() {
        return store;
    }

    @Override
    public void close() {
        s3.close();
        aws.close();
    }
}
