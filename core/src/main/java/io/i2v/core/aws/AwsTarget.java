package io.i2v.core.aws;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Where the S3 and SQS clients connect: AWS itself (no overrides) or S3/SQS-compatible servers.
 * A deployable may replace the default bean, as local mode does with its embedded servers.
 */
public interface AwsTarget {
    Optional<URI> s3Endpoint();

    Optional<URI> sqsEndpoint();

    AwsCredentialsProvider credentials();

    String region();
}
