package io.i2v.worker.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.core.aws.ConditionalPutsWithoutContinue;
import io.i2v.core.config.JsonSetup;
import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.event.JobEvent;
import io.i2v.core.job.JobCancellation;
import io.i2v.core.job.JobIds;
import io.i2v.core.job.JobLedger;
import io.i2v.core.job.JobRequestCodec;
import io.i2v.core.job.JobStage;
import io.i2v.core.job.JobState;
import io.i2v.core.job.JobStatus;
import io.i2v.core.job.LedgerStep;
import io.i2v.core.storage.JobRepository;
import io.i2v.core.storage.ObjectStore;
import io.i2v.core.storage.TrackedStatus;
import io.i2v.local.EmbeddedAws;
import io.i2v.worker.backend.BackendJob;
import io.i2v.worker.backend.BackendResult;
import io.i2v.worker.backend.VideoBackend;
import io.i2v.worker.ops.JobMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * How a failed delivery ends, on the embedded S3 without Quarkus: what the job's status becomes,
 * which events go out, and what happens to the message.
 */
class FailureRoutingTest {
    private static final int MAX_ATTEMPTS = 3;
    private static EmbeddedAws aws;
    private static S3Client s3;
    private static JobRepository jobs;
    private static JobLedger ledger;
    private static final List<JobEvent> published = new CopyOnWriteArrayList<>();
    private static final Clock clock = Clock.systemUTC();
    private static final JobIds ids = new JobIds(new SecureRandom());
    private static FailureRouting routing;
    private static final AtomicInteger cancels = new AtomicInteger();
    private static final VideoBackend backend = new VideoBackend() {
        @Override
        public BackendResult run(BackendJob job, Progress progress) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void cancel(String jobId) {
            cancels.incrementAndGet();
        }
    };

    @BeforeAll
    static void start() throws Exception {
        aws = EmbeddedAws.start(Files.createTempDirectory("i2v-routing"));
        aws.createBucket("routing-test");
        s3 = aws.s3Client(new ConditionalPutsWithoutContinue());
        jobs = new JobRepository(new ObjectStore(s3, null, "routing-test"), JsonSetup.newMapper());
        ledger = new JobLedger(jobs, (event, webhookUrl) -> published.add(event));
        routing = new FailureRouting(
                ledger,
                new JobRequestCodec(JsonSetup.newMapper()),
                new JobMetrics(new SimpleMeterRegistry()),
                "local",
                MAX_ATTEMPTS,
                clock,
                Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() {
        s3.close();
        aws.close();
    }

    @Test
    void aRetryableErrorWithAttemptsLeftPutsTheJobBackInTheQueueWithANote() {
        StatusWriter status = running();
        Outcome outcome = routing.route(
                id(status),
                status,
                new I2vException(ErrorCode.STORAGE_UNAVAILABLE, "S3 did not answer"),
                1,
                false,
                backend);
        assertEquals(Outcome.RETRY, outcome);
        JobStatus stored = stored(status);
        assertInstanceOf(JobState.Queued.class, stored.state());
        assertTrue(
                stored.messages().stream().anyMatch(m -> m.contains("Attempt 1 failed (storage_unavailable)")),
                stored.messages().toString());
        assertEquals(0, failedEvents(status));
    }

    @Test
    void aRetryableErrorOnTheLastAttemptFailsTheJobSayingItGaveUp() {
        StatusWriter status = running();
        Outcome outcome = routing.route(
                id(status),
                status,
                new CompletionException(new I2vException(ErrorCode.STORAGE_UNAVAILABLE, "S3 did not answer")),
                MAX_ATTEMPTS,
                false,
                backend);
        assertEquals(Outcome.DONE, outcome);
        JobState.Failed failed =
                assertInstanceOf(JobState.Failed.class, stored(status).state());
        assertEquals("storage_unavailable", failed.error().code());
        assertTrue(
                failed.error().message().endsWith("(gave up after 3 attempts)"),
                failed.error().message());
        assertEquals(false, failed.error().retryable());
        assertEquals(1, failedEvents(status));
    }

    @Test
    void aFailureAfterACancelLeavesTheJobCanceledAndStopsTheBackend() {
        StatusWriter status = running();
        new JobCancellation(ledger, clock).cancel(id(status));
        int before = cancels.get();
        // the backend's next report loses to the cancel and unwinds the job
        Throwable unwound;
        try {
            status.progress(JobStage.RENDERING, 0.5, 5, 90);
            throw new AssertionError("a write after the cancel must lose");
        } catch (StatusWriter.JobCanceled e) {
            unwound = e;
        }
        assertEquals(Outcome.DONE, routing.route(id(status), status, unwound, 1, false, backend));
        assertInstanceOf(JobState.Canceled.class, stored(status).state());
        assertEquals(before + 1, cancels.get(), "a remote render is told to stop too");
        assertEquals(0, failedEvents(status));
    }

    @Test
    void aFailureOfTheFinalWriteAfterACancelLeavesCanceledStanding() {
        StatusWriter status = running();
        new JobCancellation(ledger, clock).cancel(id(status));
        Outcome outcome = routing.route(
                id(status), status, new I2vException(ErrorCode.CORRUPT_IMAGE, "not an image"), 1, false, backend);
        assertEquals(Outcome.DONE, outcome);
        assertInstanceOf(JobState.Canceled.class, stored(status).state());
        assertEquals(0, failedEvents(status));
    }

    @Test
    void aStalledJobFailsWithStalledAndIsNotRetried() {
        StatusWriter status = running();
        Outcome outcome = routing.route(
                id(status), status, new InterruptedException("interrupted by the watchdog"), 1, true, backend);
        assertEquals(Outcome.DONE, outcome);
        JobState.Failed failed =
                assertInstanceOf(JobState.Failed.class, stored(status).state());
        assertEquals("stalled", failed.error().code());
        assertTrue(
                failed.error().message().contains("no progress for 120 s"),
                failed.error().message());
        assertEquals(1, failedEvents(status));
    }

    @Test
    void anUnexpectedExceptionFailsAsRenderFailedNamingOnlyItsKind() {
        StatusWriter status = running();
        routing.route(
                id(status),
                status,
                new IllegalStateException("secret=hunter2 in a path"),
                MAX_ATTEMPTS,
                false,
                backend);
        JobState.Failed failed =
                assertInstanceOf(JobState.Failed.class, stored(status).state());
        assertEquals("render_failed", failed.error().code());
        assertTrue(
                failed.error().message().contains("IllegalStateException"),
                failed.error().message());
        assertTrue(!failed.error().message().contains("hunter2"), "the exception's text stays out of the status");
    }

    @Test
    void aJobOfAStoppingWorkerIsHandedBackToTheQueueWithItsCheckpoints() {
        StatusWriter status = running();
        status.save(status.current().withCheckpoint("render-staged", "staged/x/"));
        Outcome outcome =
                routing.route(id(status), status, new WorkerStopping.JobReleased(id(status)), 1, false, backend);
        assertEquals(Outcome.RELEASE, outcome);
        JobStatus stored = stored(status);
        assertInstanceOf(JobState.Queued.class, stored.state());
        assertEquals("staged/x/", stored.checkpoints().get("render-staged"));
    }

    @Test
    void aDeliveryThatWasTakenOverLeavesTheJobAndItsMessageAlone() {
        StatusWriter status = running();
        TrackedStatus other = jobs.tracked(id(status)).orElseThrow();
        assertInstanceOf(
                LedgerStep.Written.class, ledger.write(other, other.status().withMessage("a later delivery")));
        JobStatus before = stored(status);
        Outcome outcome = routing.route(
                id(status), status, new I2vException(ErrorCode.CORRUPT_IMAGE, "not an image"), 1, false, backend);
        assertEquals(Outcome.LEAVE, outcome);
        assertEquals(before, stored(status));
    }

    @Test
    void anUnreadableMessageFailsTheJobItNamesOrIsLeftForTheDeadLetterQueue() {
        StatusWriter status = running();
        I2vException unreadable = new I2vException(ErrorCode.UNSUPPORTED_VERSION, "unknown message version 99");
        assertEquals(
                Outcome.DONE, routing.undecodable("{\"version\":99,\"jobId\":\"" + id(status) + "\"}", unreadable));
        assertEquals(
                ErrorCode.UNSUPPORTED_VERSION.code(),
                assertInstanceOf(JobState.Failed.class, stored(status).state())
                        .error()
                        .code());
        assertEquals(Outcome.RETRY, routing.undecodable("not json at all", unreadable));
    }

    private static StatusWriter running() {
        TrackedStatus created = QueuedJobs.create(ledger);
        StatusWriter status = new StatusWriter(
                ledger, clock, created, (stage, took) -> {}, Duration.ofSeconds(5), new WorkerStopping());
        status.save(status.current()
                .to(new JobState.Running(JobStage.PREPARING, 0), clock.instant())
                .withAttempt());
        return status;
    }

    private static String id(StatusWriter status) {
        return status.current().id();
    }

    private static JobStatus stored(StatusWriter status) {
        return jobs.status(id(status)).orElseThrow();
    }

    private static long failedEvents(StatusWriter status) {
        return published.stream()
                .filter(e -> e.jobId().equals(id(status)) && e.type().equals(JobEvent.FAILED))
                .count();
    }
}
