package io.i2v.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.i2v.core.event.JobEvent;
import io.i2v.core.storage.TrackedStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Races on the embedded S3 that used to end with the last writer winning: a cancel against a
 * worker's progress writes, and two deliveries of one job against each other. Exactly one side
 * wins, every time.
 */
class JobLedgerRaceTest {
    static LedgerBench bench;
    static ExecutorService pool;

    @BeforeAll
    static void start() throws Exception {
        bench = new LedgerBench();
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
        bench.close();
    }

    @RepeatedTest(50)
    void aCancelRacingProgressWritesWinsAndTheWorkerStops() throws Exception {
        TrackedStatus start = bench.created(null);
        String id = start.status().id();
        CountDownLatch writing = new CountDownLatch(1);
        Future<LedgerStep> worker = pool.submit(() -> {
            // progress as fast as a backend reports it, far faster than the worker's one write a second
            TrackedStatus at = start;
            for (int i = 0; i < 10_000; i++) {
                JobStatus next = at.status().to(new JobState.Running(JobStage.RENDERING, i % 100), Instant.now());
                LedgerStep step = bench.ledger.write(at, next);
                writing.countDown();
                if (!(step instanceof LedgerStep.Written w)) {
                    return step;
                }
                at = w.now();
                Thread.sleep(5);
            }
            return null;
        });
        writing.await();
        JobStatus canceled = new JobCancellation(bench.ledger, bench.clock).cancel(id);

        assertInstanceOf(JobState.Canceled.class, canceled.state());
        assertInstanceOf(LedgerStep.Canceled.class, worker.get(), "the worker's next write lost to the cancel");
        assertInstanceOf(
                JobState.Canceled.class, bench.jobs.status(id).orElseThrow().state(), "CANCELED stands");
        assertEquals(1, bench.published(id + ":" + JobEvent.CANCELED));
    }

    @RepeatedTest(50)
    void twoDeliveriesStartingTogetherHaveExactlyOneOwner() throws Exception {
        TrackedStatus queued = bench.created(null);
        String id = queued.status().id();
        CountDownLatch bothRead = new CountDownLatch(2);
        List<Future<LedgerStep>> deliveries = new ArrayList<>();
        for (int d = 0; d < 2; d++) {
            String who = "delivery " + d;
            deliveries.add(pool.submit(() -> {
                TrackedStatus at = bench.ledger.find(id, null).orElseThrow();
                bothRead.countDown();
                bothRead.await();
                JobStatus started = at.status()
                        .to(new JobState.Running(JobStage.PREPARING, 0), Instant.now())
                        .withAttempt()
                        .withMessage(who);
                LedgerStep step = bench.ledger.write(
                        at, started, JobEvent.of(JobEvent.STARTED, id, started.state(), null, Instant.now()));
                for (int p = 1; p <= 10 && step instanceof LedgerStep.Written w; p++) {
                    at = w.now();
                    step = bench.ledger.write(
                            at, at.status().to(new JobState.Running(JobStage.RENDERING, p * 9), Instant.now()));
                }
                return step;
            }));
        }
        List<LedgerStep> ends = new ArrayList<>();
        for (Future<LedgerStep> f : deliveries) {
            ends.add(f.get());
        }

        long owners = ends.stream().filter(s -> s instanceof LedgerStep.Written).count();
        long stopped =
                ends.stream().filter(s -> s instanceof LedgerStep.TakenOver).count();
        assertEquals(1, owners, "one delivery drives the job: " + ends);
        assertEquals(1, stopped, "the other stopped: " + ends);
        JobStatus stored = bench.jobs.status(id).orElseThrow();
        assertEquals(1, stored.messages().size(), "only the owner's start was written: " + stored.messages());
        assertEquals(1, stored.attempts());
        assertEquals(1, bench.published(id + ":" + JobEvent.STARTED));
    }
}
