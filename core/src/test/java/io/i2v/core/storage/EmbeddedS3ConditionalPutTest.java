package io.i2v.core.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.core.aws.ConditionalPutsWithoutContinue;
import io.i2v.local.EmbeddedAws;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The embedded S3 honours If-Match / If-None-Match on PUT, and (with the key lock in
 * {@code ObjectCreatedNotifier}) decides two racing conditional PUTs atomically, as AWS does.
 */
class EmbeddedS3ConditionalPutTest {
    static final String BUCKET = "cond-test";
    static EmbeddedAws aws;
    static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        aws = EmbeddedAws.start(Files.createTempDirectory("i2v-cond"));
        aws.createBucket(BUCKET);
        s3 = aws.s3Client(new ConditionalPutsWithoutContinue());
    }

    @AfterAll
    static void stop() {
        s3.close();
        aws.close();
    }

    // through ObjectStore.putIf: S3Proxy answers 412 before reading the body and drops the connection,
    // so the SDK sometimes sees a transport error instead; putIf settles that by reading back
    @Test
    void ifNoneMatchStarRefusesAnExistingKey() {
        ObjectStore store = new ObjectStore(s3, null, BUCKET);
        assertTrue(store.putIf("k1", bytes("one"), "text/plain", null).isPresent());
        assertTrue(store.putIf("k1", bytes("two"), "text/plain", null).isEmpty());
        assertEquals("one", new String(store.get("k1").orElseThrow(), StandardCharsets.UTF_8));
    }

    @Test
    void ifMatchRefusesAStaleEtag() {
        ObjectStore store = new ObjectStore(s3, null, BUCKET);
        String first = s3.putObject(b -> b.bucket(BUCKET).key("k2"), RequestBody.fromString("one"))
                .eTag();
        String second = store.putIf("k2", bytes("two"), "text/plain", first).orElseThrow();
        assertNotEquals(first, second);
        assertTrue(store.putIf("k2", bytes("three"), "text/plain", first).isEmpty());
        assertEquals("two", new String(store.get("k2").orElseThrow(), StandardCharsets.UTF_8));
    }

    /**
     * A stale write is refused at once, every time. With {@code Expect: 100-continue} (the S3
     * client's default for PUT) about one in twenty of these stalled for the full 30 s read
     * timeout: the 412 comes instead of "100 Continue" and the JDK connection waits for another
     * answer. The production client's {@link ConditionalPutsWithoutContinue} leaves the header off.
     */
    @Test
    void staleConditionalPutsAreRefusedWithoutStalling() {
        ObjectStore store = new ObjectStore(s3, null, BUCKET);
        String first = s3.putObject(b -> b.bucket(BUCKET).key("k3"), RequestBody.fromString("one"))
                .eTag();
        store.putIf("k3", bytes("two"), "text/plain", first).orElseThrow();
        for (int i = 0; i < 60; i++) {
            long start = System.nanoTime();
            assertTrue(
                    store.putIf("k3", bytes("stale " + i), "text/plain", first).isEmpty(), "write " + i);
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertTrue(seconds < 10, "stale write " + i + " took " + seconds + " s (a stall, not a refusal)");
        }
        assertEquals("two", new String(store.get("k3").orElseThrow(), StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Through {@link ObjectStore#putIf}, which also settles a PUT whose answer a dropped connection lost. */
    @Test
    void twoRacingIfMatchPutsHaveExactlyOneWinner() throws Exception {
        ObjectStore store = new ObjectStore(s3, null, BUCKET);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 50; round++) {
                String key = "race-" + round;
                String etag = s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("base"))
                        .eTag();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Optional<String>>> all = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    byte[] body = ("writer-" + t).getBytes(StandardCharsets.UTF_8);
                    all.add(pool.submit(() -> {
                        go.await();
                        return store.putIf(key, body, "text/plain", etag);
                    }));
                }
                go.countDown();
                int wins = 0;
                for (Future<Optional<String>> f : all) {
                    wins += f.get().isPresent() ? 1 : 0;
                }
                assertEquals(1, wins, "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
