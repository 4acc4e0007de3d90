package io.i2v.worker.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.config.JsonSetup;
import io.i2v.core.job.Interpretation;
import io.i2v.core.job.JobResult;
import io.i2v.core.storage.S3Keys;
import io.i2v.worker.EmbeddedBucket;
import io.i2v.worker.backend.BackendResult;
import io.i2v.worker.media.VideoInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A checked render lands in the result bucket as the caller will fetch it, on the embedded S3
 * without Quarkus: the video and poster byte for byte with their sha256, and the manifest naming
 * both; further clips of a one-clip-per-image job get keys of their own and leave it alone.
 */
class ResultStoreTest {
    private static final String BUCKET = "results-test";
    private static final ObjectMapper JSON = JsonSetup.newMapper();
    private static final Instant NOW = Instant.parse("2026-12-06T03:00:00Z");
    private static final VideoInfo INFO =
            new VideoInfo("h264", "High", "yuv420p", "bt709", 1920, 1080, 30, 300, 10.0, true);
    private static EmbeddedBucket bucket;
    private static ResultStore results;

    @BeforeAll
    static void start() throws Exception {
        bucket = EmbeddedBucket.start(BUCKET);
        results = new ResultStore(bucket.store(), JSON, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterAll
    static void stop() {
        bucket.close();
    }

    @Test
    void theVideoPosterAndManifestAreStoredWithTheirChecksums() throws Exception {
        BackendResult render = render(Files.createTempDirectory("made"), "video bytes", "poster bytes");

        ResultStore.Stored stored = results.store("job_r", "local", "push in", List.of("uploads/a.jpg"), render, INFO);
        JobResult result = stored.result();

        assertTrue(stored.uploaded());

        assertEquals(S3Keys.video("job_r", "mp4"), result.videoKey());
        assertEquals(S3Keys.poster("job_r"), result.posterKey());
        assertArrayEquals(
                Files.readAllBytes(render.video()), bytes(result.videoKey()).asByteArray());
        assertArrayEquals(
                Files.readAllBytes(render.poster()), bytes(result.posterKey()).asByteArray());
        assertEquals(sha256("video bytes"), result.sha256());
        assertEquals(
                sha256("video bytes"),
                bytes(result.videoKey()).response().metadata().get("sha256"));
        assertEquals("video/mp4", bytes(result.videoKey()).response().contentType());
        assertEquals(11, result.sizeBytes());
        assertEquals(List.of(1920, 1080), List.of(result.width(), result.height()));

        JsonNode manifest = JSON.readTree(bytes(S3Keys.manifest("job_r")).asByteArray());
        assertEquals("job_r", manifest.path("jobId").asText());
        assertEquals(NOW.toString(), manifest.path("createdAt").asText());
        assertEquals(result.videoKey(), manifest.path("video").path("key").asText());
        assertEquals(
                sha256("video bytes"), manifest.path("video").path("sha256").asText());
        assertEquals(
                sha256("poster bytes"), manifest.path("poster").path("sha256").asText());
        assertEquals("uploads/a.jpg", manifest.path("inputs").path(0).asText());
        assertEquals(300, manifest.path("video").path("frames").asInt());
    }

    @Test
    void aFurtherClipGetsItsOwnKeysAndLeavesTheManifestAlone() throws Exception {
        Path made = Files.createTempDirectory("made");
        results.store("job_c", "local", "one each", List.of(), render(made, "first", "p1"), INFO);
        byte[] manifest = bytes(S3Keys.manifest("job_c")).asByteArray();

        JobResult second = results.store("job_c", "local", "one each", List.of(), render(made, "second", "p2"), INFO, 2)
                .result();

        assertEquals("clip-2.mp4", second.videoKey().substring(second.videoKey().lastIndexOf('/') + 1));
        assertEquals(
                "poster-2.jpg", second.posterKey().substring(second.posterKey().lastIndexOf('/') + 1));
        assertArrayEquals(
                "second".getBytes(StandardCharsets.UTF_8),
                bytes(second.videoKey()).asByteArray());
        assertFalse(second.videoKey().equals(S3Keys.video("job_c", "mp4")));
        assertArrayEquals(manifest, bytes(S3Keys.manifest("job_c")).asByteArray());
    }

    @Test
    void aDeliveryAfterACrashFindsTheSameVideoStoredAndDoesNotUploadItAgain() throws Exception {
        Path made = Files.createTempDirectory("made");
        BackendResult render = render(made, "same video", "same poster");
        results.store("job_d", "local", "push in", List.of(), render, INFO);
        String uploaded =
                bytes(S3Keys.video("job_d", "mp4")).response().lastModified().toString();
        Thread.sleep(1100); // S3 keeps modification times in seconds

        ResultStore.Stored again = results.store("job_d", "local", "push in", List.of(), render, INFO);

        assertFalse(again.uploaded(), "the same bytes under the key: not uploaded again");
        assertEquals(sha256("same video"), again.result().sha256());
        assertEquals(
                uploaded,
                bytes(S3Keys.video("job_d", "mp4")).response().lastModified().toString());

        ResultStore.Stored changed =
                results.store("job_d", "local", "push in", List.of(), render(made, "other video", "p"), INFO);

        assertTrue(changed.uploaded(), "other bytes are uploaded over it");
        assertArrayEquals(
                "other video".getBytes(StandardCharsets.UTF_8),
                bytes(S3Keys.video("job_d", "mp4")).asByteArray());
    }

    private static BackendResult render(Path dir, String video, String poster) throws Exception {
        Path v = Files.createTempFile(dir, "video", ".mp4");
        Path p = Files.createTempFile(dir, "poster", ".jpg");
        Files.writeString(v, video);
        Files.writeString(p, poster);
        return new BackendResult(
                v,
                p,
                new Interpretation("a push-in", List.of("push in"), List.of()),
                "Timeline",
                List.of(),
                1920,
                1080,
                30,
                300,
                "mp4");
    }

    private static ResponseBytes<GetObjectResponse> bytes(String key) {
        return bucket.s3().getObjectAsBytes(b -> b.bucket(BUCKET).key(key));
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
