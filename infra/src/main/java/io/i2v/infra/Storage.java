package io.i2v.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CorsRule;
import software.amazon.awscdk.services.s3.HttpMethods;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.constructs.Construct;

/**
 * Two buckets: inputs (uploads, the inbox, job records) and results (videos, posters,
 * manifests). Private, encrypted, TLS only, and emptied by lifecycle rules.
 */
public final class Storage extends Construct {
    private final Bucket inputs;
    private final Bucket results;

    public Storage(Construct scope, String id, DeploymentOptions options) {
        super(scope, id);
        inputs = bucket(
                "Inputs",
                List.of(
                        expire("inbox/", options.inputRetentionDays()),
                        expire("uploads/", options.inputRetentionDays()),
                        expire("jobs/", options.resultRetentionDays()),
                        // the listing index goes with the job records it points at
                        expire("index/", options.resultRetentionDays())),
                List.of(BROWSER_UPLOADS));
        results = bucket("Results", List.of(expire("results/", options.resultRetentionDays())), List.of());
    }

    /**
     * The web studio, served from the function URL, PUTs large photos straight to presigned upload
     * URLs in the inputs bucket. The signature is the authorisation; CORS only lets a browser page
     * send it. (The function URL's address is not known when the bucket is, hence any origin.)
     */
    static final CorsRule BROWSER_UPLOADS = CorsRule.builder()
            .allowedMethods(List.of(HttpMethods.PUT))
            .allowedOrigins(List.of("*"))
            .allowedHeaders(List.of("Content-Type"))
            .exposedHeaders(List.of("ETag"))
            .maxAge(3000)
            .build();

    private Bucket bucket(String id, List<LifecycleRule> rules, List<CorsRule> cors) {
        return Bucket.Builder.create(this, id)
                .cors(cors)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .lifecycleRules(rules)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    private static LifecycleRule expire(String prefix, int days) {
        return LifecycleRule.builder()
                .prefix(prefix)
                .expiration(Duration.days(days))
                .abortIncompleteMultipartUploadAfter(Duration.days(1))
                .build();
    }

    public Bucket inputs() {
        return inputs;
    }

    public Bucket results() {
        return results;
    }
}
