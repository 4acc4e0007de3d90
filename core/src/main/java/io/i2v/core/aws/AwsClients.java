package io.i2v.core.aws;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Synchronous S3 and SQS clients (url-connection transport: small, native-friendly). */
@ApplicationScoped
public class AwsClients {

    @Produces
    @ApplicationScoped
    S3Client s3(AwsTarget target) {
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ConditionalPutsWithoutContinue()))
                .region(Region.of(target.region()))
                .credentialsProvider(target.credentials());
        target.s3Endpoint().ifPresent(e -> builder.endpointOverride(e).forcePathStyle(true));
        return builder.build();
    }

    @Produces
    @ApplicationScoped
    S3Presigner presigner(AwsTarget target) {
        var builder =
                S3Presigner.builder().region(Region.of(target.region())).credentialsProvider(target.credentials());
        target.s3Endpoint()
                .ifPresent(e -> builder.endpointOverride(e)
                        .serviceConfiguration(S3Configuration.builder()
                                .pathStyleAccessEnabled(true)
                                .build()));
        return builder.build();
    }

    @Produces
    @ApplicationScoped
    SqsClient sqs(AwsTarget target) {
        var builder = SqsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(target.region()))
                .credentialsProvider(target.credentials());
        target.sqsEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    void closeS3(@Disposes S3Client client) {
        client.close();
    }

    void closePresigner(@Disposes S3Presigner presigner) {
        presigner.close();
    }

    void closeSqs(@Disposes SqsClient client) {
        client.close();
    }
}
