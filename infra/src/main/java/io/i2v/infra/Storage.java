package io.i2v.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
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
        inputs = bucket("Inputs", List.of(
                expire("inbox/", options.inputRetentionDays()),
                expire("uploads/", options.inputRetentionDays()),
                expire("jobs/", options.resultRetentionDays())));
        results = bucket("Results", List.of(expire("results/", options.resultRetentionDays())));
    }

    private Bucket bucket(String id, List<LifecycleRule> rules) {
        return Bucket.Builder.create(this, id)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .lifecycleRules(rules)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    private static LifecycleRule expire(String prefix, int days) {
        return LifecycleRule.builder().prefix(prefix).expiration(Duration.days(days))
                .abortIncompleteMultipartUploadAfter(Duration.days(1)).build();
    }

    public Bucket inputs() {
        return inputs;
    }

    public Bucket results() {
        return results;
    }
}
