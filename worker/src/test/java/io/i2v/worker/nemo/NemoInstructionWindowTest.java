package io.i2v.worker.nemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.nemo.contract.NemoApi;
import io.i2v.nemosim.NemoSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The message call is open before the job's {@code sending} checkpoint is written, and
 * NemoVideo (the simulator) takes the instruction only once that write has landed: a worker
 * killed while writing it leaves a truncated request, never an instruction the job cannot
 * account for.
 */
@QuarkusTest
@TestProfile(NemoProfile.class)
class NemoInstructionWindowTest {
    @NemoSimResource.Sim
    NemoSimulator sim;

    @Inject
    NemoClient client;

    @AfterEach
    void release() {
        sim.releaseStreams();
        sim.script().reset();
    }

    @Test
    void theInstructionIsTakenOnlyAfterTheSendingCheckpointLanded() throws Exception {
        String marker = "window-" + UUID.randomUUID();
        Instant start = Instant.now();
        CompletableFuture<Void> checkpoint = new CompletableFuture<>();
        CountDownLatch writing = new CountDownLatch(1);
        Cancellable call = client.run(session(), "animate " + marker, sender(writing, checkpoint))
                .subscribe()
                .with(e -> {}, f -> {});
        try {
            assertTrue(writing.await(30, TimeUnit.SECONDS), "the checkpoint is written while the call is open");
            await(() -> messageCallsSince(start) == 1, Duration.ofSeconds(10)); // the call is open
            Thread.sleep(1000);
            assertEquals(0, sim.record().instructionsContaining(marker).size(), "not taken before the checkpoint");

            checkpoint.complete(null);

            await(() -> sim.record().instructionsContaining(marker).size() == 1, Duration.ofSeconds(30));
        } finally {
            call.cancel();
        }
    }

    @Test
    void aWorkerKilledWhileWritingTheCheckpointLeavesNoInstruction() throws Exception {
        String marker = "killed-" + UUID.randomUUID();
        CountDownLatch writing = new CountDownLatch(1);
        Cancellable call = client.run(session(), "animate " + marker, sender(writing, new CompletableFuture<>()))
                .subscribe()
                .with(e -> {}, f -> {});
        assertTrue(writing.await(30, TimeUnit.SECONDS));

        call.cancel(); // the worker is gone: its connection closes with the request unfinished

        Thread.sleep(2000);
        assertEquals(0, sim.record().instructionsContaining(marker).size());
    }

    private long messageCallsSince(Instant start) {
        return sim.record().requests().stream()
                .filter(r -> !r.at().isBefore(start))
                .filter(r -> r.path().equals(NemoApi.RUN_SSE))
                .count();
    }

    private String session() {
        return client.createSession("en")
                .await()
                .atMost(Duration.ofSeconds(30))
                .path("session_id")
                .asText();
    }

    private static NemoStream.Sender sender(CountDownLatch writing, CompletableFuture<Void> checkpoint) {
        return new NemoStream.Sender() {
            @Override
            public Uni<Void> sending() {
                writing.countDown();
                return Uni.createFrom().completionStage(checkpoint);
            }

            @Override
            public Uni<String> retrying(NemoRetryPolicy.Retry retry, String sessionId) {
                return Uni.createFrom().failure(new AssertionError("the simulator refused the call: " + retry));
            }
        };
    }

    private static void await(BooleanSupplier condition, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + wait);
            }
            Thread.sleep(50);
        }
    }
}
