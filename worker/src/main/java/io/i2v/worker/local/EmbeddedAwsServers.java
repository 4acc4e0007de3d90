package io.i2v.worker.local;

import io.i2v.core.aws.AwsTarget;
import io.i2v.core.aws.ConfiguredAwsTarget;
import io.i2v.core.config.I2vConfig;
import io.i2v.core.storage.S3Keys;
import io.i2v.local.EmbeddedAws;
import io.i2v.worker.config.WorkerConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Local mode: embedded SQS and S3 servers on loopback, started before any client needs them,
 * with the bucket and queues the service expects. Everything else runs unchanged against them.
 * Off (the default), the AWS target comes from configuration as everywhere else.
 */
@Singleton
public class EmbeddedAwsServers {
    private static final Logger LOG = Logger.getLogger(EmbeddedAwsServers.class);
    private final EmbeddedAws aws;
    private final Instant upAt;
    private final Duration startTook;

    public EmbeddedAwsServers(WorkerConfig worker, I2vConfig config) {
        if (!worker.local().enabled()) {
            this.aws = null;
            this.upAt = null;
            this.startTook = null;
            return;
        }
        WorkerConfig.Local local = worker.local();
        EmbeddedAws.Options options = options(local, config.queues().jobs());
        long now = System.nanoTime();
        EarlyStart.Started started = EarlyStart.take(local.dir(), options)
                .orElseGet(() ->
                        new EarlyStart.Started(EmbeddedAws.start(local.dir().toAbsolutePath(), options), now));
        this.aws = started.aws();
        long start = started.began();
        aws.createBucket(config.storage().bucket());
        config.storage().resultsBucket().ifPresent(aws::createBucket);
        aws.createQueue(config.queues().jobs(), (int) local.jobsVisibility().toSeconds(), worker.maxAttempts() + 1);
        aws.createQueue(config.queues().events(), 30, 5);
        aws.createQueue(
                config.queues().webhooks(),
                60,
                config.webhooks().retrySchedule().size() + 3);
        // the two other entry points, as on AWS: intake (DLQ after 3 receives) and the inbox/ notification
        aws.createQueue(local.intakeQueue(), 30, 3);
        aws.createQueue(local.inboxEventsQueue(), 60, 5);
        aws.notifyObjectCreated(config.storage().bucket(), S3Keys.INBOX, local.inboxEventsQueue());
        this.upAt = Instant.now();
        this.startTook = Duration.ofNanos(System.nanoTime() - start);
        LOG.infof(
                "local mode: S3 at %s (data in %s), SQS at %s (queues %s), up in %d ms",
                aws.s3Endpoint(),
                local.dir().toAbsolutePath(),
                aws.sqsEndpoint(),
                local.durableQueues() ? "on disk" : "in memory",
                (System.nanoTime() - start) / 1_000_000);
    }

    /** How local mode starts the servers: the configured ports, queues in memory or on disk. */
    static EmbeddedAws.Options options(WorkerConfig.Local local, String jobsQueue) {
        // with durable queues, this worker is the jobs queue's only consumer: what was in flight at start belongs
        // to a dead one
        return new EmbeddedAws.Options(
                local.s3Port(),
                local.sqsPort(),
                local.durableQueues(),
                local.durableQueues() ? List.of(jobsQueue) : List.of());
    }

    /** The local S3 endpoint (local mode only). */
    public URI s3Endpoint() {
        return aws.s3Endpoint();
    }

    /** The local SQS endpoint (local mode only). */
    public URI sqsEndpoint() {
        return aws.sqsEndpoint();
    }

    /** When the embedded servers were up with their bucket and queues (local mode only). */
    public Instant upAt() {
        return upAt;
    }

    /** How long starting them took (local mode only). */
    public Duration startTook() {
        return startTook;
    }

    public boolean enabled() {
        return aws != null;
    }

    @Produces
    @Singleton
    AwsTarget target(I2vConfig config) {
        if (aws == null) {
            return ConfiguredAwsTarget.fromConfig(config);
        }
        AwsCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(EmbeddedAws.ACCESS_KEY, EmbeddedAws.SECRET_KEY));
        URI s3 = aws.s3Endpoint();
        URI sqs = aws.sqsEndpoint();
        return new AwsTarget() {
            public Optional<URI> s3Endpoint() {
                return Optional.of(s3);
            }

            public Optional<URI> sqsEndpoint() {
                return Optional.of(sqs);
            }

            public AwsCredentialsProvider credentials() {
                return credentials;
            }

            public String region() {
                return EmbeddedAws.REGION;
            }
        };
    }

    @PreDestroy
    void stop() {
        if (aws != null) {
            aws.close();
        }
    }
}
