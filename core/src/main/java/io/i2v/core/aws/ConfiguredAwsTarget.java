package io.i2v.core.aws;

import io.i2v.core.config.I2vConfig;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The AWS target read from configuration; the default unless a deployable supplies its own. */
@ApplicationScoped
public class ConfiguredAwsTarget {

    @Produces
    @DefaultBean
    @ApplicationScoped
    AwsTarget awsTarget(I2vConfig config) {
        return fromConfig(config);
    }

    public static AwsTarget fromConfig(I2vConfig config) {
        I2vConfig.Aws aws = config.aws();
        AwsCredentialsProvider credentials = aws.accessKeyId().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        aws.accessKeyId().get(), aws.secretAccessKey().orElse("")))
                : DefaultCredentialsProvider.builder().build();
        return new AwsTarget() {
            public Optional<URI> s3Endpoint() {
                return aws.s3Endpoint();
            }

            public Optional<URI> sqsEndpoint() {
                return aws.sqsEndpoint();
            }

            public AwsCredentialsProvider credentials() {
                return credentials;
            }

            public String region() {
                return aws.region();
            }
        };
    }
}
