package io.i2v.worker.consume;

import io.i2v.core.aws.AwsTarget;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The async SQS client the SmallRye SQS connector looks up, pointed at the same target as
 * everything else. Deliberately not closed on shutdown: the connector (4.33) may still have a
 * long poll in flight, and closing the client under it only produces errors; the JVM is exiting.
 */
@ApplicationScoped
public class SqsAsyncClientProducer {

    @Produces
    @ApplicationScoped
    SqsAsyncClient sqsAsync(AwsTarget target) {
        var builder = SqsAsyncClient.builder()
                .httpClientBuilder(NettyNioAsyncHttpClient.builder())
                .region(Region.of(target.region()))
                .credentialsProvider(target.credentials());
        target.sqsEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
