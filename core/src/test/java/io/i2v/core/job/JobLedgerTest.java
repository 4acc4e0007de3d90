package io.i2v.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.event.JobEvent;
import io.i2v.core.storage.TrackedStatus;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ledger's steps on the embedded S3: conditional writes, typed lost races, the event outbox. */
class JobLedgerTest {
    static LedgerBench bench;

    @BeforeAll
    static void start() throws Exception {
        bench = new LedgerBench();
    }

    @AfterAll
    static void stop() {
        bench.close();
    }

    @Test
    void aSecondCreateOfTheSameJobFindsTheFirst() {
        JobStatus first = bench.queuedJob("alice");
        assertInstanceOf(LedgerStep.Written.class, bench.ledger.create(first, null));
        LedgerStep again = bench.ledger.create(first.withMessage("the other submission"), null);
        LedgerStep.Exists exists = assertInstanceOf(LedgerStep.Exists.class, again);
        assertEquals(first.messages(), exists.stored().status().messages());
    }

    @Test
    void aWriteBasedOnAStaleReadLosesToTheWriteThatCameFirst() {
        TrackedStatus read = bench.created(null);
        JobStatus running = read.status().to(new JobState.Running(JobStage.PREPARING, 0), Instant.now());
        assertInstanceOf(LedgerStep.Written.class, bench.ledger.write(read, running.withAttempt()));
        LedgerStep second = bench.ledger.write(read, running.withAttempt().withMessage("second delivery"));
        LedgerStep.TakenOver lost = assertInstanceOf(LedgerStep.TakenOver.class, second);
        assertTrue(lost.stored().messages().isEmpty(), "the first write stands");
    }

    @Test
    void aProgressWriteAfterACancelSaysCanceledAndLeavesItStanding() {
        TrackedStatus read = bench.created(null);
        JobStatus progress = read.status().to(new JobState.Running(JobStage.RENDERING, 40), Instant.now());
        new JobCancellation(bench.ledger, bench.clock).cancel(read.status().id());
        assertInstanceOf(LedgerStep.Canceled.class, bench.ledger.write(read, progress));
        assertInstanceOf(
                JobState.Canceled.class,
                bench.jobs.status(read.status().id()).orElseThrow().state());
    }

    @Test
    void theTransitionTableStillDecides() {
        TrackedStatus read = bench.created(null);
        TrackedStatus done =
                written(bench.ledger.write(read, read.status().to(new JobState.Canceled(), Instant.now())));
        JobStatus back = done.status().with(d -> d.state = new JobState.Running(JobStage.RENDERING, 50));
        assertThrows(IllegalStateException.class, () -> bench.ledger.write(done, back));
    }

    @Test
    void cancelingAFinishedJobIsAConflict() {
        TrackedStatus read = bench.created(null);
        bench.ledger.write(read, read.status().to(new JobState.Failed(null), Instant.now()));
        I2vException e = assertThrows(
                I2vException.class,
                () -> new JobCancellation(bench.ledger, bench.clock)
                        .cancel(read.status().id()));
        assertEquals(ErrorCode.CONFLICT, e.code());
    }

    @Test
    void anotherOwnersJobIsNotFound() {
        String id = bench.created("alice").status().id();
        assertTrue(bench.ledger.find(id, "alice").isPresent());
        assertTrue(bench.ledger.find(id, null).isPresent());
        assertTrue(bench.ledger.find(id, "bob").isEmpty());
        assertTrue(bench.ledger.find("not-a-job-id", null).isEmpty());
        assertEquals(
                ErrorCode.JOB_NOT_FOUND,
                assertThrows(I2vException.class, () -> bench.ledger.get(id, "bob"))
                        .code());
    }

    /** The chaos drill's duplicate: killed after publishing job.succeeded, before recording that it did. */
    @Test
    void aSucceededEventPublishedAgainByARedeliveryGoesOutOnce() {
        TrackedStatus queued = bench.created(null);
        TrackedStatus read = written(bench.ledger.write(
                queued, queued.status().to(new JobState.Running(JobStage.STORING, 99), Instant.now())));
        JobStatus done = read.status().to(new JobState.Succeeded(), Instant.now());
        JobEvent event = JobEvent.of(JobEvent.SUCCEEDED, done.id(), done.state(), null, Instant.now());
        bench.ledger.write(read, done, event);
        // the redelivery finds SUCCEEDED and sends the event again, with a later timestamp
        bench.ledger.publish(done, JobEvent.of(JobEvent.SUCCEEDED, done.id(), done.state(), null, Instant.now()));
        assertEquals(1, bench.published(event.eventId()));
    }

    @Test
    void anEventThatCouldNotBeSentIsSentByTheNextAttempt() {
        JobStatus job = bench.created(null).status();
        JobEvent event = JobEvent.of(JobEvent.STARTED, job.id(), job.state(), null, Instant.now());
        bench.queueDown = true;
        try {
            bench.ledger.publish(job, event);
        } finally {
            bench.queueDown = false;
        }
        assertEquals(0, bench.published(event.eventId()));
        bench.ledger.publish(job, event);
        bench.ledger.publish(job, event);
        assertEquals(1, bench.published(event.eventId()));
    }

    private static TrackedStatus written(LedgerStep step) {
        return assertInstanceOf(LedgerStep.Written.class, step).now();
    }
}
