package io.i2v.worker.nemo;

import static io.i2v.worker.JobsApi.awaitTerminal;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.core.config.I2vConfig;
import io.i2v.core.job.JobStatus;
import io.i2v.core.storage.JobRepository;
import io.i2v.core.testing.TestImages;
import io.i2v.nemosim.NemoSimulator;
import io.i2v.nemosim.SimRecord;
import io.i2v.nemosim.SimScript;
import io.i2v.nemosim.SimScript.Fault;
import io.i2v.worker.job.JobProcessor;
import io.i2v.worker.job.Outcome;
import io.i2v.worker.media.VideoInfo;
import io.i2v.worker.media.VideoProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.config.ConfigProvider;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Cloud jobs end to end: HTTP API → queue → worker → NemoVideo (the protocol simulator) → MP4 in
 * S3. Every row of the protocol's error table and every documented variant, each checked by the
 * job's final status, the stored video (decoded) and what the simulator saw.
 */
@QuarkusTest
@TestProfile(NemoProfile.class)
class NemoBackendTest {
    @NemoSimResource.Sim
    NemoSimulator sim;

    @Inject
    S3Client s3;

    @Inject
    JobRepository jobs;

    @Inject
    I2vConfig config;

    @Inject
    JobProcessor processor;

    Instant testStart;

    @BeforeEach
    void markStart() {
        testStart = Instant.now();
    }

    @AfterEach
    void everyCallCarriedTheAttributionHeadersAndTheSimulatorIsReset() {
        sim.releaseStreams();
        sim.releaseRenders();
        sim.script().reset();
        List<SimRecord.Request> missing =
                since(testStart).stream().filter(r -> !r.hasAttribution()).toList();
        assertTrue(missing.isEmpty(), "calls without attribution headers: " + missing);
    }

    @Test
    void imageJobRunsThroughTheCloudAndEndsAsVerifiedMp4() throws Exception {
        Instant start = Instant.now();
        String marker = marker();
        String id = submit("animate the ladybird gently " + marker);

        JsonPath status = awaitTerminal(id);
        assertEquals("SUCCEEDED", status.getString("state"), status.prettify());
        assertStoredVideo(id, 320, 180, 24, 24);
        List<String> messages = status.getList("messages");
        assertTrue(messages.contains("Got it! I'll animate your image."), messages.toString());
        assertTrue(messages.contains("Exporting the video."), messages.toString());
        assertTrue(
                messages.stream().noneMatch(m -> m.contains("Click Export") || m.contains("timeline.")),
                "GUI instructions are ours to act on, not the user's: " + messages);
        assertEquals(
                "Timeline (3 tracks): 1. Video: scene.jpg (0-1s) 2. BGM: Lo-fi (0-1s, 35%) 3. Title: "
                        + "\"Animated scene.jpg\" (0-1s)",
                status.getString("timeline"));
        assertEquals(100, status.getInt("creditsUsed"));

        assertEquals(1, sim.record().instructionsContaining(marker).size());
        String sid = checkpoints(id).get("nemo.session");
        assertEquals(sid, sim.sessionOf(marker));
        assertEquals(1, sim.record().uploads(sid).size());
        assertEquals("scene.jpg", sim.record().uploads(sid).get(0).filename());
        assertEquals(1, sim.record().renders(sid).size());

        // attribution headers on every call, with the project's version
        String version = ConfigProvider.getConfig().getValue("quarkus.application.version", String.class);
        List<SimRecord.Request> calls = since(start);
        assertTrue(calls.size() >= 8, "calls seen: " + calls.size());
        for (SimRecord.Request r : calls) {
            assertEquals("ai-image-to-video-deep", r.headers().get("x-skill-source"), r.path());
            assertEquals(version, r.headers().get("x-skill-version"), r.path());
            assertEquals("unknown", r.headers().get("x-skill-platform"), r.path());
        }
        // the token is a secret: it never shows in the job's status
        String bearer = calls.stream()
                .filter(r -> r.path().equals("/run_sse"))
                .findFirst()
                .orElseThrow()
                .headers()
                .get("authorization");
        assertTrue(bearer.startsWith("Bearer nmv_usr_"));
        String statusJson = new String(
                s3.getObjectAsBytes(b -> b.bucket(config.storage().bucket()).key("jobs/" + id + "/status.json"))
                        .asByteArray(),
                StandardCharsets.UTF_8);
        assertFalse(statusJson.contains(bearer.substring(7)), "token leaked into the status");
    }

    @Test
    void anonymousTokenIsRequestedOnceWithAStableClientIdAndReused() throws Exception {
        Instant start = Instant.now();
        String first = submit("first " + marker());
        String second = submit("second " + marker());
        assertEquals("SUCCEEDED", awaitTerminal(first).getString("state"));
        assertEquals("SUCCEEDED", awaitTerminal(second).getString("state"));
        long tokenCalls = since(start).stream()
                .filter(r -> r.path().equals("/api/auth/anonymous-token"))
                .count();
        assertTrue(tokenCalls <= 1, "a cached token is reused, got " + tokenCalls + " token calls");
        List<String> clientIds = sim.record().requests().stream()
                .filter(r -> r.path().equals("/api/auth/anonymous-token"))
                .map(r -> r.headers().get("x-client-id"))
                .distinct()
                .toList();
        assertEquals(1, clientIds.size(), "one stable client id: " + clientIds);
        assertTrue(
                s3.getObjectAsBytes(b -> b.bucket(config.storage().bucket()).key("nemo/anonymous-token.json"))
                        .asUtf8String()
                        .contains(clientIds.get(0)),
                "client id kept for restarts");
    }

    @ParameterizedTest
    @EnumSource(
            value = Fault.class,
            names = {"TOKEN_EXPIRED_1001", "TOKEN_EXPIRED_1010", "TOKEN_EXPIRED_1011"})
    void expiredTokenIsReplacedAndTheCallRetriedOnce(Fault expiry) throws Exception {
        Instant start = Instant.now();
        sim.script().fail(expiry);
        String marker = marker();
        String id = submit("zoom in slowly " + marker);

        assertEquals("SUCCEEDED", awaitTerminal(id).getString("state"));
        assertStoredVideo(id, 320, 180, 24, 24);
        assertEquals(1, sim.record().instructionsContaining(marker).size());
        assertEquals(
                1,
                since(start).stream()
                        .filter(r -> r.path().equals("/api/auth/anonymous-token"))
                        .count(),
                "one fresh token after the expiry");
    }

    @Test
    void lostSessionStartsANewSessionAndUploadsAgain() throws Exception {
        sim.script().fail(Fault.SESSION_LOST);
        String marker = marker();
        String id = submit("pan left " + marker);

        assertEquals("SUCCEEDED", awaitTerminal(id).getString("state"));
        assertStoredVideo(id, 320, 180, 24, 24);
        List<SimRecord.Instruction> sent = sim.record().instructionsContaining(marker);
        assertEquals(1, sent.size(), "the refused send was not an instruction; one accepted");
        String sid = checkpoints(id).get("nemo.session");
        assertEquals(sid, sent.get(0).sessionId(), "the job's checkpoint names the new session");
        assertEquals(1, sim.record().uploads(sid).size(), "the image was uploaded into the new session");
    }

    @Test
    void rateLimitedStreamWaitsAndIsRetriedOnce() throws Exception {
        Instant start = Instant.now();
        sim.script().fail(Fault.RATE_LIMITED);
        String marker = marker();
        String id = submit("slow zoom " + marker);

        assertEquals("SUCCEEDED", awaitTerminal(id).getString("state"));
        assertStoredVideo(id, 320, 180, 24, 24);
        assertEquals(1, sim.record().instructionsContaining(marker).size());
        List<SimRecord.Request> sends =
                since(start).stream().filter(r -> r.path().equals("/run_sse")).toList();
        assertEquals(2, sends.size(), "one refused call, one retry");
        long waited = Duration.between(sends.get(0).at(), sends.get(1).at()).toMillis();
        assertTrue(waited >= NemoProfile.RATE_LIMIT_WAIT_MS, "retried after " + waited + " ms");
    }

    @Test
    void streamRefusedTwiceIsRetriedByTheQueueAndSentThenBecauseNothingWasTaken() throws Exception {
        sim.script().fail(Fault.RATE_LIMITED, 2);
        String marker = marker();
        String id = submit("slow zoom " + marker);

        JsonPath status = awaitTerminal(id);
        assertEquals("SUCCEEDED", status.getString("state"), status.prettify());
        assertEquals(2, jobs.status(id).orElseThrow().attempts(), "the second delivery sent it");
        assertStoredVideo(id, 320, 180, 24, 24);
        assertEquals(1, sim.record().instructionsContaining(marker).size());
        assertTrue(
                status.getList("messages").stream().anyMatch(m -> m.toString().contains("rate_limited")));
    }

    @Test
    void noCreditsFailsTheJobForGoodWithAnActionableMessage() throws Exception {
        sim.script().fail(Fault.NO_CREDITS);
        String marker = marker();
        String id = submit("animate " + marker);

        JsonPath status = awaitTerminal(id);
        assertEquals("FAILED", status.getString("state"));
        assertEquals("insufficient_credits", status.getString("error.code"));
        assertEquals(false, status.getBoolean("error.retryable"));
        assertTrue(status.getString("error.message").contains("add credits"), status.getString("error.message"));
        assertEquals(0, sim.record().instructionsContaining(marker).size());
        assertNoResult(id);
    }

    @Test
    void unsupportedFileFailsListingWhatTheBackendTakes() throws Exception {
        sim.script().fail(Fault.UNSUPPORTED_FILE);
        String id = submit("animate " + marker());

        JsonPath status = awaitTerminal(id);
        assertEquals("FAILED", status.getString("state"));
        assertEquals("unsupported_format", status.getString("error.code"));
        assertEquals(false, status.getBoolean("error.retryable"));
        assertTrue(status.getString("error.message").contains("jpg, png, gif, webp"));
        assertNoResult(id);
    }

    @Test
    void tooLargeFileFailsWithTheLimit() throws Exception {
        sim.script().fail(Fault.FILE_TOO_LARGE);
        String id = submit("animate " + marker());

        JsonPath status = awaitTerminal(id);
        assertEquals("FAILED", status.getString("state"));
        assertEquals("file_too_large", status.getString("error.code"));
        assertTrue(status.getString("error.message").contains("200 MB"));
        assertNoResult(id);
    }

    @Test
    void exportRefusedByThePlanFailsAsPlanUpgrade() throws Exception {
        sim.script().fail(Fault.EXPORT_NOT_IN_PLAN);
        String marker = marker();
        String id = submit("animate " + marker);

        JsonPath status = awaitTerminal(id);
        assertEquals("FAILED", status.getString("state"));
        assertEquals("plan_upgrade_required", status.getString("error.code"));
        assertEquals(false, status.getBoolean("error.retryable"));
        assertEquals(1, sim.record().instructionsContaining(marker).size());
        assertNoResult(id);
    }

    @Test
    void failedRenderIsRetriedOnceWithANewId() throws Exception {
        sim.script().fail(Fault.RENDER_FAILS);
        String marker = marker();
        String id = submit("animate " + marker);

        assertEquals("SUCCEEDED", awaitTerminal(id).getString("state"));
        assertStoredVideo(id, 320, 180, 24, 24);
        List<SimRecord.Render> renders = sim.record().renders(sim.sessionOf(marker));
        assertEquals(2, renders.size());
        assertNotEquals(renders.get(0).id(), renders.get(1).id());
        assertEquals(1, sim.record().instructionsContaining(marker).size());
    }

    @Test
    void rejectedRenderIdIsRetriedOnceWithANewId() throws Exception {
        Instant start = Instant.now();
        sim.script().fail(Fault.RENDER_ID_REJECTED);
        String marker = marker();
        String id = submit("animate " + marker);

        assertEquals("SUCCEEDED", awaitTerminal(id).getString("state"));
        assertStoredVideo(id, 320, 180, 24, 24);
        assertEquals(
                2,
                since(start).stream()
                        .filter(r -> r.path().equals("/api/render/proxy/lambda")
                                && r.method().equals("POST"))
                        .count());
        assertEquals(1, sim.record().renders(sim.sessionOf(marker)).size());
    }

    @Test
    void droppedStreamIsRecoveredByReadingStateAtTheDocumentedCadence() throws Exception {
        sim.script().fail(Fault.DROP_STREAM).stateChangeAtRead(3);
        String marker = marker();
        String id = submit("animate " + marker);

        JsonPath status = awaitTerminal(id);
        assertEquals("SUCCEEDED", status.getString("state"), status.prettify());
        assertStoredVideo(id, 320, 180, 24, 24);
        List<SimRecord.Instruction> sent = sim.record().instructionsContaining(marker);
        assertEquals(1, sent.size(), "never resent after the drop");
        List<Instant> reads = sim.record().stateReads(sent.get(0).sessionId()).stream()
                .map(SimRecord.StateRead::at)
                .filter(t -> t.isAfter(sent.get(0).at()))
                .toList();
        assertEquals(3, reads.size(), "unchanged, unchanged, changed: " + reads);
        // 30 s then 60 s, 60 s (scaled): the first wait, then twice the longer one
        long first = Duration.between(sent.get(0).at(), reads.get(0)).toMillis();
        long second = Duration.between(reads.get(0), reads.get(1)).toMillis();
        long third = Duration.between(reads.get(1), reads.get(2)).toMillis();
        assertTrue(first >= NemoProfile.FIRST_WAIT_MS && first < NemoProfile.NEXT_WAIT_MS + 400, "first " + first);
        assertTrue(second >= NemoProfile.NEXT_WAIT_MS && second < NemoProfile.NEXT_WAIT_MS + 400, "second " + second);
        assertTrue(third >= NemoProfile.NEXT_WAIT_MS && third < NemoProfile.NEXT_WAIT_MS + 400, "third " + third);
        assertTrue(status.getList("messages")
                .contains("The connection to NemoVideo dropped; checking the project instead of resending."));
    }

    @Test
    void droppedStreamWhoseWorkNeverLandsFailsAfterFiveReadsWithoutResend() throws Exception {
        sim.script().fail(Fault.DROP_STREAM).stateChangeAtRead(-1);
        String marker = marker();
        String id = submit("animate " + marker);

        JsonPath status = awaitTerminal(id);
        assertEquals("FAILED", status.getString("state"));
        assertEquals("stalled", status.getString("error.code"));
        assertEquals(false, status.getBoolean("error.retryable"));
        List<SimRecord.Instruction> sent = sim.record().instructionsContaining(marker);
        assertEquals(1, sent.size());
        long reads = sim.record().stateReads(sent.get(0).sessionId()).stream()
                .filter(r -> r.at().isAfter(sent.get(0).at()))
                .count();
        assertEquals(5, reads);
        assertNoResult(id);
    }

    @Test
    void silentCompletionIsSummarisedFromTheState() throws Exception {
        sim.script().fail(Fault.SILENT_STREAM);
        String id = submit("animate " + marker());

        JsonPath status = awaitTerminal(id);
        assertEquals("SUCCEEDED", status.getString("state"));
        assertStoredVideo(id, 320, 180, 24, 24);
        assertTrue(
                status.getList("messages")
                        .contains("NemoVideo finished without a reply; the project now has "
                                + "Timeline (3 tracks): 1. Video: scene.jpg (0-1s) 2. BGM: Lo-fi (0-1s, 35%) 3. Title: "
                                + "\"Animated scene.jpg\" (0-1s)."),
                status.getList("messages").toString());
    }

    @Test
    void streamWithOnlyHeartbeatsFailsAsStalledAndIsClosed() throws Exception {
        sim.script().fail(Fault.HEARTBEATS_ONLY);
        String id = submit("animate " + marker());

        JsonPath status = awaitTerminal(id);
        assertEquals("FAILED", status.getString("state"));
        assertEquals("stalled", status.getString("error.code"));
        assertTrue(status.getString("error.message").contains("only heartbeats"));
        assertNoResult(id);
        await(() -> sim.openStreams() == 0, "the stalled stream was not closed");
    }

    @ParameterizedTest
    @CsvSource({"SUCCESS,TOP_LEVEL,AGENT", "BARE,DATA,AGENT", "BARE,TOP_LEVEL,TYPED", "CODE,TOP_LEVEL,TYPED"})
    void everyDocumentedEnvelopeRenderShapeAndEventFormWorks(
            SimScript.Envelope envelope, SimScript.RenderShape shape, SimScript.StreamForm form) throws Exception {
        sim.script().envelope(envelope).renderShape(shape).streamForm(form).video(256, 144, 25, 2000);
        String marker = marker();
        String id = submit("animate " + marker);

        JsonPath status = awaitTerminal(id);
        assertEquals("SUCCEEDED", status.getString("state"), status.prettify());
        assertStoredVideo(id, 256, 144, 25, 50);
        assertTrue(status.getList("messages").contains("Got it! I'll animate your image."));
        assertEquals(1, sim.record().instructionsContaining(marker).size());
    }

    @Test
    void trailingTemporaryIssueIsIgnoredAndAMissingCdnFileComesThroughTheFallback() throws Exception {
        Instant start = Instant.now();
        sim.script().fail(Fault.TRAILING_ISSUE).fail(Fault.CDN_MISSING);
        String id = submit("animate " + marker());

        JsonPath status = awaitTerminal(id);
        assertEquals("SUCCEEDED", status.getString("state"));
        assertStoredVideo(id, 320, 180, 24, 24);
        assertTrue(
                status.getList("messages").stream().noneMatch(m -> m.toString().contains("temporary issue")));
        assertTrue(
                since(start).stream()
                        .anyMatch(r -> r.path().matches("/api/render/proxy/render_[0-9a-f]+/download")
                                && r.headers().get("authorization").startsWith("Bearer ")),
                "fallback download with the token");
    }

    @Test
    void editSendsItsInstructionToTheParentSessionAndExportsANewRender() throws Exception {
        String parent = submit("animate " + marker());
        assertEquals("SUCCEEDED", awaitTerminal(parent).getString("state"));
        String sid = checkpoints(parent).get("nemo.session");

        String marker = marker();
        String edit = given().contentType(ContentType.JSON)
                .body(Map.of("prompt", "add the title Spring " + marker))
                .post("/v1/jobs/" + parent + "/edits")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        JsonPath status = awaitTerminal(edit);
        assertEquals("SUCCEEDED", status.getString("state"), status.prettify());
        assertStoredVideo(edit, 320, 180, 24, 24);
        List<SimRecord.Instruction> sent = sim.record().instructionsContaining(marker);
        assertEquals(1, sent.size());
        assertEquals(sid, sent.get(0).sessionId(), "the edit went to the parent's session");
        assertEquals(1, sim.record().uploads(sid).size(), "no second upload for an edit");
        assertEquals(2, sim.record().renders(sid).size(), "a new render for the edit");
        assertEquals(50, status.getInt("creditsUsed"));
        assertTrue(status.getString("timeline").contains("Title: \"Edited: add the title Spring"));
    }

    @Test
    void severalImagesOneClipEachShareOneSessionWithOneInstructionAndRenderPerImage() throws Exception {
        String marker = marker();
        String image = Base64.getEncoder().encodeToString(TestImages.jpeg(640, 480));
        String id = given().contentType(ContentType.JSON)
                .body(Map.of(
                        "prompt",
                        "animate " + marker + ", one clip per image",
                        "images",
                        List.of(
                                Map.of("name", "first.jpg", "data", image),
                                Map.of("name", "second.jpg", "data", image))))
                .post("/v1/jobs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");

        JsonPath status = awaitTerminal(id);
        assertEquals("SUCCEEDED", status.getString("state"), status.prettify());
        assertEquals(2, status.getList("results").size(), status.prettify());
        String sid = checkpoints(id).get("nemo.session");
        assertEquals(2, sim.record().uploads(sid).size(), "both images go into the one session");
        List<SimRecord.Instruction> sent = sim.record().instructionsContaining(marker);
        assertEquals(2, sent.size(), "one instruction per image");
        assertTrue(sent.stream().allMatch(i -> i.sessionId().equals(sid)));
        assertTrue(sent.get(0).text().contains("image 1 of 2")
                && sent.get(0).text().contains("first.jpg"));
        assertTrue(sent.get(1).text().contains("image 2 of 2")
                && sent.get(1).text().contains("second.jpg"));
        assertEquals(2, sim.record().renders(sid).size(), "one render per image");
        assertStoredVideo(id, 320, 180, 24, 24);
        String clipKey = status.getString("results[1].videoKey");
        assertNotEquals(status.getString("results[0].videoKey"), clipKey);
        Path clip = Files.createTempFile("nemo-clip", ".mp4");
        try {
            Files.write(
                    clip,
                    s3.getObjectAsBytes(b -> b.bucket(config.storage().bucket()).key(clipKey))
                            .asByteArray());
            assertEquals("h264", VideoProbe.probe(clip).codec());
        } finally {
            Files.deleteIfExists(clip);
        }
        assertEquals(150, status.getInt("creditsUsed"), "a generation then an edit of the session's project");
    }

    @Test
    void workerRestartedAfterTheInstructionWasSentFinishesWithoutResending() throws Exception {
        sim.script().fail(Fault.HOLD_STREAM);
        String marker = marker();
        String id = submit("animate " + marker);
        // the first worker sent the instruction and is waiting on the stream...
        await(
                () -> "sending".equals(checkpoints(id).get("nemo.instruction"))
                        && sim.record().instructionsContaining(marker).size() == 1,
                "instruction never sent");

        // ...when another worker gets the redelivered message (the first one presumed dead)
        Outcome outcome =
                processor.process(request(id), 2).toCompletableFuture().join();

        assertEquals(Outcome.DONE, outcome);
        JobStatus done = jobs.status(id).orElseThrow();
        assertEquals("SUCCEEDED", done.state().name());
        assertStoredVideo(id, 320, 180, 24, 24);
        assertTrue(done.messages()
                .contains("Resuming: the instruction was already sent, checking the project instead of resending it."));
        // the first worker wakes up: it must stop without a second render or a resend
        sim.releaseStreams();
        Thread.sleep(NemoProfile.FIRST_WAIT_MS * 3);
        assertEquals(1, sim.record().instructionsContaining(marker).size());
        assertEquals(1, sim.record().renders(sim.sessionOf(marker)).size());
        assertEquals(done, jobs.status(id).orElseThrow(), "the stale delivery left the finished job alone");
    }

    @Test
    void workerRestartedAfterTheRenderWasSubmittedPollsThatRenderInsteadOfANewOne() throws Exception {
        sim.script().fail(Fault.HOLD_RENDER);
        String marker = marker();
        String id = submit("animate " + marker);
        await(
                () -> checkpoints(id).containsKey("nemo.render")
                        && sim.sessionOf(marker) != null
                        && sim.record().renders(sim.sessionOf(marker)).size() == 1,
                "render never submitted");

        CompletableFuture<Outcome> restarted = CompletableFuture.supplyAsync(
                () -> processor.process(request(id), 2).toCompletableFuture().join());
        Thread.sleep(300);
        sim.releaseRenders();

        assertEquals(Outcome.DONE, restarted.get(60, TimeUnit.SECONDS));
        JobStatus done = jobs.status(id).orElseThrow();
        assertEquals("SUCCEEDED", done.state().name());
        assertStoredVideo(id, 320, 180, 24, 24);
        Thread.sleep(500);
        assertEquals(1, sim.record().renders(sim.sessionOf(marker)).size(), "no second render");
        assertEquals(1, sim.record().instructionsContaining(marker).size(), "no resend");
        assertEquals(done, jobs.status(id).orElseThrow());
    }

    @Test
    void severalCloudJobsWaitOnTheCloudAtOnceThroughTheQueue() throws Exception {
        // streams of about 3 s with progress every 300 ms
        sim.script().eventGap(Duration.ofMillis(300)).extraHeartbeats(1);
        sim.resetPeakStreams();
        List<String> markers = List.of(marker(), marker(), marker());
        List<String> ids = markers.stream().map(m -> submit("animate " + m)).toList();

        for (int i = 0; i < ids.size(); i++) {
            assertEquals("SUCCEEDED", awaitTerminal(ids.get(i)).getString("state"));
            assertStoredVideo(ids.get(i), 320, 180, 24, 24);
            assertEquals(1, sim.record().instructionsContaining(markers.get(i)).size());
        }
        // one worker with one consumer thread held all three streams at the same time
        assertEquals(3, sim.peakStreams());
    }

    @Test
    void creditsAreServedThroughTheApi() {
        given().get("/v1/credits")
                .then()
                .statusCode(200)
                .body("backend", Matchers.equalTo("nemo"))
                .body("available", Matchers.greaterThan(0));
    }

    // ---- helpers

    private static String marker() {
        return "[" + UUID.randomUUID().toString().substring(0, 8) + "]";
    }

    private List<SimRecord.Request> since(Instant start) {
        return sim.record().requests().stream()
                .filter(r -> !r.at().isBefore(start))
                .toList();
    }

    private Map<String, String> checkpoints(String id) {
        return jobs.status(id).map(JobStatus::checkpoints).orElse(Map.of());
    }

    private String request(String id) {
        return s3.getObjectAsBytes(b -> b.bucket(config.storage().bucket()).key("jobs/" + id + "/request.json"))
                .asUtf8String();
    }

    private String submit(String prompt) {
        return given().contentType(ContentType.JSON)
                .body(Map.of(
                        "prompt",
                        prompt,
                        "images",
                        List.of(Map.of(
                                "name",
                                "scene.jpg",
                                "data",
                                Base64.getEncoder().encodeToString(TestImages.jpeg(640, 480))))))
                .post("/v1/jobs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }

    private static void await(BooleanSupplier condition, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure);
            }
            Thread.sleep(20);
        }
    }

    private void assertStoredVideo(String id, int width, int height, int fps, long frames) throws Exception {
        Path file = Files.createTempFile("nemo-test", ".mp4");
        try {
            Files.write(
                    file,
                    s3.getObjectAsBytes(b -> b.bucket(config.storage().bucket()).key("results/" + id + "/video.mp4"))
                            .asByteArray());
            VideoInfo info = VideoProbe.probe(file);
            assertEquals("h264", info.codec());
            assertEquals(width, info.width());
            assertEquals(height, info.height());
            assertEquals(fps, info.fps(), 0.01);
            assertEquals(frames, info.frames());
            assertNotNull(s3.headObject(b -> b.bucket(config.storage().bucket()).key("results/" + id + "/poster.jpg")));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private void assertNoResult(String id) {
        assertTrue(
                s3.listObjectsV2(b -> b.bucket(config.storage().bucket()).prefix("results/" + id + "/"))
                        .contents()
                        .isEmpty(),
                "a failed job leaves no result");
    }
}
