package io.i2v.worker;

import static io.i2v.worker.JobsApi.awaitTerminal;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.config.I2vConfig;
import io.i2v.core.job.ImageRef;
import io.i2v.core.job.JobIds;
import io.i2v.core.job.JobOptions;
import io.i2v.core.job.JobRequest;
import io.i2v.core.job.JobSource;
import io.i2v.core.job.JobStage;
import io.i2v.core.job.JobState;
import io.i2v.core.job.JobStatus;
import io.i2v.core.queue.JobQueue;
import io.i2v.core.storage.JobRepository;
import io.i2v.core.storage.S3Keys;
import io.i2v.core.testing.TestImages;
import io.i2v.worker.backend.BackendResult;
import io.i2v.worker.media.VideoInfo;
import io.i2v.worker.media.VideoProbe;
import io.i2v.worker.results.RenderStage;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole pipeline on one machine: HTTP API → S3 + SQS (embedded, protocol-real) → worker →
 * local renderer → MP4 in S3 → status and events. Results are checked by decoding them.
 */
@QuarkusTest
@TestProfile(LocalStackProfile.class)
class PipelineTest {
    @Inject
    S3Client s3;

    @Inject
    SqsClient sqs;

    @Inject
    ObjectMapper json;

    @Inject
    JobRepository jobs;

    @Inject
    I2vConfig config;

    @Inject
    JobIds jobIds;

    @Inject
    JobQueue queue;

    @Inject
    RenderStage stage;

    EventLog events;

    @BeforeEach
    void subscribe() {
        if (events == null) {
            events = new EventLog(sqs, config.queues().events(), json);
        }
    }

    @Test
    void jobSubmittedThroughApiEndsAsVerifiedMp4InS3WithSuccessEvent() throws Exception {
        String id = submit(TestImages.jpeg(1600, 1200), "a 2-second vertical 720p clip at 24 fps, slow zoom out");

        JsonPath status = awaitTerminal(id);
        assertEquals("SUCCEEDED", status.getString("state"), status.prettify());
        assertEquals(720, status.getInt("result.width"));
        assertEquals(1280, status.getInt("result.height"));
        assertEquals("Timeline (1 track): 1. Video: scene.jpg (0-2s, zoom out)", status.getString("timeline"));
        assertTrue(status.getString("interpretation.summary").startsWith("2 s 720x1280 @ 24 fps, zoom out"));

        Path video = download("results/" + id + "/video.mp4");
        VideoInfo info = VideoProbe.probe(video);
        assertEquals("h264", info.codec());
        assertEquals("High", info.profile());
        assertEquals("yuv420p", info.pixelFormat());
        assertEquals("bt709", info.colorSpace());
        assertEquals(720, info.width());
        assertEquals(1280, info.height());
        assertEquals(24.0, info.fps(), 0.001);
        assertEquals(48, info.frames());
        assertEquals(2.0, info.durationSeconds(), 1.0 / 24);
        assertTrue(info.faststart(), "moov atom must come first");

        // the camera really moves: the first and last frames differ, and neither is blank
        BufferedImage first = frame(video, 0);
        BufferedImage last = frame(video, 47);
        double brightness = meanLuma(first);
        assertTrue(brightness > 40 && brightness < 220, "frame looks blank: mean luma " + brightness);
        assertTrue(meanAbsDiff(first, last) > 2.0, "no visible motion between first and last frame");

        BufferedImage poster = ImageIO.read(new ByteArrayInputStream(bytes("results/" + id + "/poster.jpg")));
        assertEquals(720, poster.getWidth());
        assertEquals(1280, poster.getHeight());

        JsonNode manifest = json.readTree(bytes("results/" + id + "/manifest.json"));
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(video)));
        assertEquals(sha, manifest.get("video").get("sha256").asText());
        assertEquals(sha, status.getString("result.sha256"));
        assertEquals(Files.size(video), status.getLong("result.sizeBytes"));

        // the presigned URL in the status serves the very same bytes
        byte[] viaUrl = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(status.getString("result.videoUrl")))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray())
                .body();
        assertEquals(
                sha,
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(viaUrl)));
        // and the poster has one too (the studio shows and offers it)
        byte[] posterViaUrl = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(status.getString("result.posterUrl")))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray())
                .body();
        assertEquals(720, ImageIO.read(new ByteArrayInputStream(posterViaUrl)).getWidth());

        assertEquals(
                List.of("job.queued", "job.started", "job.succeeded"),
                events.typesFor(id, "job.succeeded", Duration.ofSeconds(10)));
        JsonNode succeeded = events.forJob(id).get(2);

        // progress notifications: distinct stable ids, percent never going back within the job
        List<JsonNode> progress = events.progressFor(id);
        assertTrue(!progress.isEmpty(), "no job.progress events");
        assertEquals(
                progress.size(),
                progress.stream().map(e -> e.get("eventId").asText()).distinct().count());
        int lastPercent = -1;
        for (JsonNode p : progress) {
            int percent = p.get("state").get("progress").asInt();
            assertTrue(percent >= lastPercent, "progress went back: " + progress);
            lastPercent = percent;
        }
        assertEquals(id + ":job.succeeded", succeeded.get("eventId").asText());
        assertEquals(
                "results/" + id + "/video.mp4",
                succeeded.get("result").get("videoKey").asText());
    }

    @Test
    void damagedImageFailsWithStableCodeEventAndNoResult() throws Exception {
        byte[] good = TestImages.jpeg(800, 600);
        byte[] truncated = Arrays.copyOf(good, 400); // a valid JPEG start, then nothing
        // uploaded, not inline: inline images are checked whole at intake; an upload only by its first bytes
        String key = "uploads/pipeline/damaged-" + System.nanoTime() + ".jpg";
        s3.putObject(b -> b.bucket(config.storage().bucket()).key(key), RequestBody.fromBytes(truncated));
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("prompt", "zoom in", "images", List.of(Map.of("key", key))))
                .post("/v1/jobs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");

        JsonPath status = awaitTerminal(id);
        assertEquals("FAILED", status.getString("state"));
        assertEquals("corrupt_image", status.getString("error.code"));
        assertEquals(false, status.getBoolean("error.retryable"));
        assertTrue(
                s3.listObjectsV2(b -> b.bucket(config.storage().bucket()).prefix("results/" + id + "/"))
                        .contents()
                        .isEmpty(),
                "a failed job leaves no result");
        List<String> types = events.typesFor(id, "job.failed", Duration.ofSeconds(10));
        assertEquals("job.failed", types.get(types.size() - 1));
        assertEquals(
                "corrupt_image",
                events.forJob(id).get(types.size() - 1).get("error").get("code").asText());

        // only a succeeded job can be edited; an unknown one is not found
        given().contentType(ContentType.JSON)
                .body(Map.of("prompt", "slower"))
                .post("/v1/jobs/" + id + "/edits")
                .then()
                .statusCode(409)
                .body("error.code", equalTo("conflict"));
        given().contentType(ContentType.JSON)
                .body(Map.of("prompt", "slower"))
                .post("/v1/jobs/job_zzzzzzzzzzzzzzzzzzzzzzzzzz/edits")
                .then()
                .statusCode(404)
                .body("error.code", equalTo("job_not_found"));
    }

    @Test
    void messageWithUnknownVersionFailsItsJobClearly() throws Exception {
        String id = submit(TestImages.jpeg(320, 240), "zoom in");
        awaitTerminal(id);
        // another service writes a job record and a message in a format version we do not know
        String futureId = "job_" + "f".repeat(13) + "a".repeat(13);
        JobStatus record = jobs.status(id).orElseThrow();
        jobs.save(new JobStatus(
                1,
                futureId,
                record.source(),
                new JobState.Queued(),
                record.createdAt(),
                record.createdAt(),
                "zoom",
                null,
                null,
                List.of(),
                null,
                null,
                0,
                Map.of(),
                null,
                "api",
                null,
                List.of()));
        String queueUrl =
                sqs.getQueueUrl(b -> b.queueName(config.queues().jobs())).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(queueUrl)
                .messageBody("{\"version\":2,\"jobId\":\"" + futureId + "\",\"images\":[{\"key\":\"x\"}]}"));

        JsonPath status = awaitTerminal(futureId);
        assertEquals("FAILED", status.getString("state"));
        assertEquals("unsupported_version", status.getString("error.code"));
        assertTrue(status.getString("error.message").contains("version 2"));
    }

    @Test
    void redeliveredMessageForFinishedJobIsAcknowledgedWithoutWork() throws Exception {
        String id = submit(TestImages.jpeg(640, 480), "a 1-second clip");
        assertEquals("SUCCEEDED", awaitTerminal(id).getString("state"));
        events.typesFor(id, "job.succeeded", Duration.ofSeconds(10));
        JobStatus before = jobs.status(id).orElseThrow();

        String queueUrl =
                sqs.getQueueUrl(b -> b.queueName(config.queues().jobs())).queueUrl();
        String request = new String(bytes("jobs/" + id + "/request.json"));
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(request));
        // wait until the worker has taken the message off the queue
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && queued(queueUrl) > 0) {
            Thread.sleep(200);
        }
        Thread.sleep(500);

        assertEquals(0, queued(queueUrl));
        assertEquals(before, jobs.status(id).orElseThrow(), "a finished job's record must not change");
        assertEquals(
                1,
                events.typesFor(id, "never", Duration.ofSeconds(2)).stream()
                        .filter("job.succeeded"::equals)
                        .count());
    }

    @Test
    void cancelDuringRenderStopsTheJobWithNoResultAndACanceledEvent() throws Exception {
        String id = submit(TestImages.jpeg(1600, 1200), "a 30-second video");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!"rendering"
                .equals(given().get("/v1/jobs/" + id).then().extract().path("stage"))) {
            assertTrue(System.nanoTime() < deadline, "job never started rendering");
            Thread.sleep(100);
        }
        given().post("/v1/jobs/" + id + "/cancel").then().statusCode(200).body("state", equalTo("CANCELED"));

        // the worker notices at its next status write and gives up the render
        List<String> types = events.typesFor(id, "job.canceled", Duration.ofSeconds(10));
        Thread.sleep(3000);
        assertEquals("CANCELED", given().get("/v1/jobs/" + id).then().extract().path("state"));
        assertTrue(
                s3.listObjectsV2(b -> b.bucket(config.storage().bucket()).prefix("results/" + id + "/"))
                        .contents()
                        .isEmpty(),
                "a canceled job leaves no result");
        assertTrue(types.contains("job.canceled"), types.toString());
        assertTrue(events.typesFor(id, "job.succeeded", Duration.ofSeconds(1)).stream()
                .noneMatch("job.succeeded"::equals));

        given().post("/v1/jobs/" + id + "/cancel").then().statusCode(409).body("error.code", equalTo("conflict"));
        given().post("/v1/jobs/job_zzzzzzzzzzzzzzzzzzzzzzzzzz/cancel").then().statusCode(404);
    }

    @Test
    void poisonMessageEndsInDeadLetterQueueAndItsJobFailsWithTheReason() throws Exception {
        // a job whose record the worker cannot read: every delivery fails until the redrive policy
        // moves the message to the dead-letter queue; the job must then be FAILED, not lost
        String id = jobIds.random();
        JobRequest request = new JobRequest(
                JobRequest.VERSION,
                id,
                JobSource.SQS,
                Instant.now(),
                "zoom in",
                List.of(ImageRef.stored("uploads/poison.jpg", "poison.jpg", "JPEG", 1000)),
                JobOptions.none(),
                null,
                "api",
                null);
        jobs.saveRequest(request);
        s3.putObject(
                b -> b.bucket(config.storage().bucket()).key(S3Keys.status(id)),
                RequestBody.fromString("{\"version\":1,\"id\":"));
        queue.send(request);

        JobStatus failed = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (failed == null && System.nanoTime() < deadline) {
            try {
                failed = jobs.status(id).filter(st -> st.state().terminal()).orElse(null);
            } catch (IllegalStateException stillPoisoned) {
                // the record is unreadable until the dead-letter handler replaces it
            }
            Thread.sleep(250);
        }
        assertNotNull(failed, "job never left its poisoned state");
        JobState.Failed state = (JobState.Failed) failed.state();
        assertEquals("retries_exhausted", state.error().code());
        assertTrue(
                state.error().message().contains("dead-letter queue"),
                state.error().message());
        assertEquals(
                "retries_exhausted",
                given().get("/v1/jobs/" + id).then().statusCode(200).extract().path("error.code"));
        assertEquals(
                "job.failed",
                events.typesFor(id, "job.failed", Duration.ofSeconds(10)).get(0));
        String dlq = sqs.getQueueUrl(b -> b.queueName(config.queues().jobs() + "-dlq"))
                .queueUrl();
        long settleBy = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (queued(dlq) > 0 && System.nanoTime() < settleBy) {
            Thread.sleep(200);
        }
        assertEquals(0, queued(dlq), "the dead-lettered message is settled once its job is failed");
    }

    @Test
    void jobRedeliveredAfterItsResultWasStoredFinishesWithoutRenderingOrUploadingAgain() throws Exception {
        String id = submit(TestImages.jpeg(800, 600), "a 1-second clip");
        assertEquals("SUCCEEDED", awaitTerminal(id).getString("state"));
        events.typesFor(id, "job.succeeded", Duration.ofSeconds(10));
        JobStatus done = jobs.status(id).orElseThrow();
        String bucket = config.storage().bucket();
        Instant uploaded = s3.headObject(b -> b.bucket(bucket).key("results/" + id + "/video.mp4"))
                .lastModified();

        // as if the worker had died right after storing the result: still RUNNING, no event sent
        Map<String, String> checkpoints = new TreeMap<>(done.checkpoints());
        checkpoints.remove("succeeded-notified");
        assertTrue(checkpoints.containsKey("result-stored"), checkpoints.toString());
        jobs.save(new JobStatus(
                done.version(),
                id,
                done.source(),
                new JobState.Running(JobStage.STORING, 95),
                done.createdAt(),
                Instant.now(),
                done.prompt(),
                done.interpretation(),
                done.timeline(),
                done.messages(),
                done.creditsUsed(),
                done.result(),
                done.attempts(),
                checkpoints,
                null,
                done.owner(),
                null,
                done.results()));
        Thread.sleep(1100); // S3 times have one-second resolution
        try (JobLogCapture logs = new JobLogCapture()) {
            queue.send(jobs.request(id).orElseThrow());
            assertEquals("SUCCEEDED", awaitTerminal(id).getString("state"));
            List<String> lines =
                    logs.forJob(id).stream().map(JobLogCapture.Line::message).toList();
            assertTrue(lines.stream().anyMatch(l -> l.contains("result already stored")), lines.toString());
            assertTrue(lines.stream().noneMatch(l -> l.contains("render finished")), lines.toString());
        }
        assertEquals(
                uploaded,
                s3.headObject(b -> b.bucket(bucket).key("results/" + id + "/video.mp4"))
                        .lastModified(),
                "the result was uploaded again");
        List<String> types = events.typesFor(id, "never", Duration.ofSeconds(3));
        // the resumed delivery's job.succeeded has the first run's event id: the outbox sends it once
        assertEquals(
                1,
                types.stream().filter("job.succeeded"::equals).count(),
                "job.succeeded went out once for the job, not again for the resumed delivery: " + types);
    }

    @Test
    void jobRedeliveredAfterItsRenderWasStagedStoresTheStagedRenderWithoutRenderingAgain() throws Exception {
        String id = submit(TestImages.jpeg(800, 600), "a 1-second clip");
        assertEquals("SUCCEEDED", awaitTerminal(id).getString("state"));
        events.typesFor(id, "job.succeeded", Duration.ofSeconds(10));
        JobStatus done = jobs.status(id).orElseThrow();
        String bucket = config.storage().bucket();
        JsonNode manifest =
                json.readTree(s3.getObjectAsBytes(b -> b.bucket(bucket).key("results/" + id + "/manifest.json"))
                        .asByteArray());
        Path dir = Files.createTempDirectory("staged");
        Path video = dir.resolve("video.mp4");
        Path poster = dir.resolve("poster.jpg");
        s3.getObject(b -> b.bucket(bucket).key("results/" + id + "/video.mp4"), video);
        s3.getObject(b -> b.bucket(bucket).key("results/" + id + "/poster.jpg"), poster);
        JsonNode v = manifest.get("video");

        // as if the worker had died after the encoder closed and the render was staged, before storing it
        stage.put(
                id,
                new BackendResult(
                        video,
                        poster,
                        done.interpretation(),
                        done.timeline(),
                        List.of(),
                        v.get("width").asInt(),
                        v.get("height").asInt(),
                        v.get("fps").asDouble(),
                        v.get("frames").asLong(),
                        "mp4"));
        for (String key : List.of("video.mp4", "poster.jpg", "manifest.json")) {
            s3.deleteObject(b -> b.bucket(bucket).key("results/" + id + "/" + key));
        }
        Map<String, String> checkpoints = new TreeMap<>(done.checkpoints());
        checkpoints.remove("succeeded-notified");
        checkpoints.remove("result-stored");
        checkpoints.put("render-staged", "jobs/" + id + "/staged/");
        jobs.save(new JobStatus(
                done.version(),
                id,
                done.source(),
                new JobState.Running(JobStage.STORING, 90),
                done.createdAt(),
                Instant.now(),
                done.prompt(),
                done.interpretation(),
                done.timeline(),
                done.messages(),
                done.creditsUsed(),
                null,
                done.attempts(),
                checkpoints,
                null,
                done.owner(),
                null,
                List.of()));
        try (JobLogCapture logs = new JobLogCapture()) {
            queue.send(jobs.request(id).orElseThrow());
            JsonPath resumed = awaitTerminal(id);
            assertEquals("SUCCEEDED", resumed.getString("state"));
            List<String> lines =
                    logs.forJob(id).stream().map(JobLogCapture.Line::message).toList();
            assertTrue(
                    lines.stream().anyMatch(l -> l.contains("render staged by an earlier delivery")), lines.toString());
            assertTrue(lines.stream().noneMatch(l -> l.contains("render finished")), "rendered again: " + lines);
            assertEquals(
                    v.get("sha256").asText(), resumed.getString("result.sha256"), "the staged video is the result");
        }
        assertEquals(
                List.of(),
                s3.listObjectsV2(b -> b.bucket(bucket).prefix("jobs/" + id + "/staged/"))
                        .contents(),
                "the stage is removed once the result is stored");
    }

    @Test
    void jobWaitingBehindAnotherShowsAQueuePositionUntilItRuns() throws Exception {
        String running = submit(TestImages.jpeg(1600, 1200), "a 10-second 1080p clip, slow zoom in");
        String waiting = submit(TestImages.jpeg(800, 600), "a 1-second clip");
        try {
            JsonPath queuedView = given().get("/v1/jobs/" + waiting)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertEquals("QUEUED", queuedView.getString("state"));
            assertTrue(queuedView.getInt("queuePosition") >= 1, queuedView.prettify());
        } finally {
            given().post("/v1/jobs/" + running + "/cancel");
        }
        JsonPath done = awaitTerminal(waiting);
        assertEquals("SUCCEEDED", done.getString("state"));
        assertNull(done.get("queuePosition"));
    }

    @Test
    void apiRefusesBadInputWithStableCodes() {
        given().contentType(ContentType.JSON)
                .body(Map.of("prompt", "x"))
                .post("/v1/jobs")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("missing_image"));
        given().get("/v1/jobs/job_zzzzzzzzzzzzzzzzzzzzzzzzzz")
                .then()
                .statusCode(404)
                .body("error.code", equalTo("job_not_found"));
    }

    @Test
    void creditsAreRefusedClearlyWithTheLocalBackend() {
        given().get("/v1/credits")
                .then()
                .statusCode(501)
                .body("error.code", equalTo("not_supported"))
                .body("error.message", Matchers.containsString("local backend"));
    }

    private int queued(String queueUrl) {
        Map<String, String> a = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                        .attributeNamesWithStrings(
                                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                .attributesAsStrings();
        return Integer.parseInt(a.get("ApproximateNumberOfMessages"))
                + Integer.parseInt(a.get("ApproximateNumberOfMessagesNotVisible"));
    }

    private String submit(byte[] image, String prompt) {
        return given().contentType(ContentType.JSON)
                .body(Map.of(
                        "prompt",
                        prompt,
                        "images",
                        List.of(Map.of(
                                "name", "scene.jpg", "data", Base64.getEncoder().encodeToString(image)))))
                .post("/v1/jobs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }

    private byte[] bytes(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(config.storage().bucket()).key(key))
                .asByteArray();
    }

    private Path download(String key) throws Exception {
        Path file = Files.createTempFile("i2v-test", ".mp4");
        Files.write(file, bytes(key));
        assertNotNull(file);
        return file;
    }

    private static BufferedImage frame(Path video, int index) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile());
                Java2DFrameConverter c = new Java2DFrameConverter()) {
            g.start();
            BufferedImage out = null;
            for (int i = 0; i <= index; i++) {
                var f = g.grabImage();
                if (i == index) {
                    BufferedImage img = c.convert(f);
                    out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
                    out.createGraphics().drawImage(img, 0, 0, null);
                }
            }
            g.stop();
            return out;
        }
    }

    private static double meanLuma(BufferedImage img) {
        long sum = 0;
        for (int y = 0; y < img.getHeight(); y += 4) {
            for (int x = 0; x < img.getWidth(); x += 4) {
                int p = img.getRGB(x, y);
                sum += ((p >> 16 & 255) * 2126 + (p >> 8 & 255) * 7152 + (p & 255) * 722) / 10000;
            }
        }
        return (double) sum / ((img.getHeight() / 4) * (img.getWidth() / 4));
    }

    private static double meanAbsDiff(BufferedImage a, BufferedImage b) {
        long sum = 0;
        long n = 0;
        for (int y = 0; y < a.getHeight(); y += 4) {
            for (int x = 0; x < a.getWidth(); x += 4) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                sum += Math.abs((p >> 8 & 255) - (q >> 8 & 255));
                n++;
            }
        }
        return (double) sum / n;
    }
}
