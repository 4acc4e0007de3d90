package io.i2v.core.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.i2v.local.EmbeddedAws;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

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
        s3 = aws.s3Client();
    }

    @AfterAll
    static void stop() {
        s3.close();
        aws.close();
    }

    @Test
    void ifNoneMatchStarRefusesAnExistingKey() {
        s3.putObject(b -> b.bucket(BUCKET).key("k1").ifNoneMatch("*"), RequestBody.fromString("one"));
        S3Exception e = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket(BUCKET).key("k1")
                .ifNoneMatch("*"), RequestBody.fromString("two")));
        assertEquals(412, e.statusCode());
    }

    @Test
    void ifMatchRefusesAStaleEtag() {
        String first = s3.putObject(b -> b.bucket(BUCKET).key("k2"), RequestBody.fromString("one")).eTag();
        String second = s3.putObject(b -> b.bucket(BUCKET).key("k2").ifMatch(first), RequestBody.fromString("two")).eTag();
        assertNotEquals(first, second);
        S3Exception e = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket(BUCKET).key("k2")
                .ifMatch(first), RequestBody.fromString("three")));
        assertEquals(412, e.statusCode());
    }

    @Test
    void twoRacingIfMatchPutsHaveExactlyOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 50; round++) {
                String key = "race-" + round;
                String etag = s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("base")).eTag();
                CountDownLatch go = new CountDownLatch(1);
                AtomicInteger wins = new AtomicInteger();
                java.util.List<Future<?>> all = new java.util.ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    String body = "writer-" + t;
                    all.add(pool.submit(() -> {
                        go.await();
                        try {
                            s3.putObject(b -> b.bucket(BUCKET).key(key).ifMatch(etag), RequestBody.fromString(body));
                            wins.incrementAndGet();
                        } catch (S3Exception e) {
                            if (e.statusCode() != 412 && e.statusCode() != 409) {
                                throw e;
                            }
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : all) {
                    f.get();
                }
                assertEquals(1, wins.get(), "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
