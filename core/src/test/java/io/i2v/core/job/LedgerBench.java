package io.i2v.core.job;

import io.i2v.core.aws.ConditionalPutsWithoutContinue;
import io.i2v.core.config.JsonSetup;
import io.i2v.core.event.JobEvent;
import io.i2v.core.storage.JobRepository;
import io.i2v.core.storage.ObjectStore;
import io.i2v.core.storage.TrackedStatus;
import io.i2v.local.EmbeddedAws;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A ledger on the embedded S3 (S3Proxy), without Quarkus: real conditional writes, and the
 * events it publishes kept in a list, as a receiver on the events queue would see them.
 */
final class LedgerBench implements AutoCloseable {
    static final String BUCKET = "ledger-test";

    final EmbeddedAws aws;
    final S3Client s3;
    final JobRepository jobs;
    final List<JobEvent> published = new CopyOnWriteArrayList<>();
    /** Set to make the next publications fail, as an unreachable events queue does. */
    volatile boolean queueDown;

    final JobLedger ledger;
    final Clock clock = Clock.systemUTC();
    private final JobIds ids = new JobIds(new SecureRandom());

    LedgerBench() throws Exception {
        aws = EmbeddedAws.start(Files.createTempDirectory("i2v-ledger"));
        aws.createBucket(BUCKET);
        s3 = aws.s3Client(new ConditionalPutsWithoutContinue());
        jobs = new JobRepository(new ObjectStore(s3, null, BUCKET), JsonSetup.newMapper());
        ledger = new JobLedger(jobs, (event, webhookUrl) -> {
            if (queueDown) {
                throw new IllegalStateException("events queue unreachable");
            }
            published.add(event);
        });
    }

    JobStatus queuedJob(String owner) {
        JobRequest request = new JobRequest(
                JobRequest.VERSION,
                ids.random(),
                JobSource.HTTP,
                Instant.now(),
                "a slow push-in",
                List.of(),
                JobOptions.none(),
                null,
                owner,
                null);
        return JobStatus.queued(request, Instant.now());
    }

    /** A queued job, stored. */
    TrackedStatus created(String owner) {
        return ((LedgerStep.Written) ledger.create(queuedJob(owner), null)).now();
    }

    long published(String eventId) {
        return published.stream().filter(e -> e.eventId().equals(eventId)).count();
    }

    @Override
    public void close() {
        s3.close();
        aws.close();
    }
}
