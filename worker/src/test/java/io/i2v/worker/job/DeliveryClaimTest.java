package io.i2v.worker.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.i2v.core.config.JsonSetup;
import io.i2v.core.job.JobIds;
import io.i2v.core.job.JobLedger;
import io.i2v.core.job.JobStage;
import io.i2v.core.job.JobStatus;
import io.i2v.core.storage.JobRepository;
import io.i2v.core.storage.TrackedStatus;
import io.i2v.worker.EmbeddedBucket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A redelivery's first write (its claim of the job) against the writes of the delivery it takes over from. */
class DeliveryClaimTest {
    private static final Clock clock = Clock.systemUTC();
    private static final JobIds ids = new JobIds(new SecureRandom());
    private static EmbeddedBucket bucket;
    private static JobRepository jobs;
    private static JobLedger ledger;

    @BeforeAll
    static void start() throws Exception {
        bucket = EmbeddedBucket.start("claim-test");
        jobs = new JobRepository(bucket.store(), JsonSetup.newMapper());
        ledger = new JobLedger(jobs, (event, webhookUrl) -> {});
    }

    @AfterAll
    static void stop() {
        bucket.close();
    }

    @Test
    void aRedeliveryTakesTheJobOverThoughTheWorkerStillRunningItWroteProgressMeanwhile() {
        String id = queuedJob();
        StatusWriter first = delivery(id);
        JobPreparation.claim(jobs, clock, id, first);
        StatusWriter second = delivery(id); // reads the job as the first delivery left it...
        first.progress(JobStage.RENDERING, 0.5, 5, 90); // ...which then writes its progress

        JobPreparation.claim(jobs, clock, id, second);

        JobStatus stored = jobs.status(id).orElseThrow();
        assertEquals(2, stored.attempts(), "the later delivery owns the job");
        assertEquals(stored, second.current());
        assertThrows(StatusWriter.JobTakenOver.class, () -> first.progress(JobStage.STORING, 0, 90, 99));
    }

    @Test
    void aClaimStillLosesToALaterDeliveryThatClaimedFirst() {
        String id = queuedJob();
        JobPreparation.claim(jobs, clock, id, delivery(id));
        StatusWriter second = delivery(id);
        StatusWriter third = delivery(id);
        JobPreparation.claim(jobs, clock, id, third);

        assertThrows(StatusWriter.JobTakenOver.class, () -> JobPreparation.claim(jobs, clock, id, second));
        assertEquals(2, jobs.status(id).orElseThrow().attempts());
    }

    private static String queuedJob() {
        return QueuedJobs.create(ledger).status().id();
    }

    /** A delivery's status writer, from the job as stored now. */
    private static StatusWriter delivery(String id) {
        TrackedStatus read = jobs.tracked(id).orElseThrow();
        return new StatusWriter(ledger, clock, read, (stage, took) -> {}, Duration.ofSeconds(5), new WorkerStopping());
    }
}
