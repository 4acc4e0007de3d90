package io.i2v.worker.nemo;

import static io.i2v.worker.JobsApi.awaitTerminal;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.config.I2vConfig;
import io.i2v.core.testing.TestImages;
import io.i2v.nemosim.NemoSimulator;
import io.i2v.nemosim.SimScript.Fault;
import io.i2v.worker.media.VideoInfo;
import io.i2v.worker.media.VideoProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code options.fallback = local}: every cloud failure that is not the caller's fault (the
 * protocol's table: stalled, rate limited past its retry, backend unavailable, no credits, plan
 * upgrade) ends SUCCEEDED by the local renderer, same job id, with at most one instruction sent
 * and the credits NemoVideo really charged; a failure that is the caller's stays a failure.
 */
@QuarkusTest
@TestProfile(NemoProfile.class)
class NemoFallbackTest {
    /** Small and short, so the local renderer is quick. */
    static final Map<String, Object> SMALL = Map.of("width", 320, "height", 180, "fps", 24, "durationSeconds", 1);

    @NemoSimResource.Sim
    NemoSimulator sim;

    @Inject
    S3Client s3;

    @Inject
    I2vConfig config;

    @AfterEach
    void reset() {
        sim.releaseStreams();
        sim.script().reset();
    }

    @Test
    void stalledStreamFallsBackToTheLocalRenderer() throws Exception {
        sim.script().fail(Fault.HEARTBEATS_ONLY);
        Run run = fallback("stalled");
        assertEquals(1, run.instructions(), "the stalled instruction is never sent again");
    }

    @Test
    void rateLimitedPastItsRetryFallsBackWithoutAnInstruction() throws Exception {
        sim.script().fail(Fault.RATE_LIMITED, 2);
        Run run = fallback("rate_limited");
        assertEquals(0, run.instructions());
        assertEquals(0, run.credits());
    }

    @Test
    void unavailableBackendFallsBackWithoutAnInstruction() throws Exception {
        sim.script().fail(Fault.UNAVAILABLE);
        Run run = fallback("backend_unavailable");
        assertEquals(0, run.instructions());
        assertEquals(0, run.credits());
    }

    @Test
    void noCreditsFallsBackAndChargesNothing() throws Exception {
        sim.script().fail(Fault.NO_CREDITS);
        Run run = fallback("insufficient_credits");
        assertEquals(0, run.instructions());
        assertEquals(0, run.credits());
    }

    @Test
    void exportRefusedByThePlanFallsBackAndReportsTheGenerationNemoVideoCharged() throws Exception {
        sim.script().fail(Fault.EXPORT_NOT_IN_PLAN);
        Run run = fallback("plan_upgrade_required");
        assertEquals(1, run.instructions());
        assertEquals(100, run.credits(), "the generation was charged before the export was refused");
    }

    @Test
    void withoutFallbackTheCloudErrorStays() throws Exception {
        sim.script().fail(Fault.NO_CREDITS);
        Map<String, Object> options = new HashMap<>(SMALL);
        options.put("fallback", "none");
        JsonPath status = awaitTerminal(submit(marker(), options));
        assertEquals("FAILED", status.getString("state"));
        assertEquals("insufficient_credits", status.getString("error.code"));
    }

    @Test
    void failureThatIsTheCallersOwnIsNotHiddenByTheFallback() throws Exception {
        sim.script().fail(Fault.UNSUPPORTED_FILE);
        Map<String, Object> options = new HashMap<>(SMALL);
        options.put("fallback", "local");
        JsonPath status = awaitTerminal(submit(marker(), options));
        assertEquals("FAILED", status.getString("state"));
        assertEquals("unsupported_format", status.getString("error.code"));
    }

    @Test
    void jobAskingForTheLocalBackendNeverCallsTheCloud() throws Exception {
        String marker = marker();
        Map<String, Object> options = new HashMap<>(SMALL);
        options.put("backend", "local");
        String id = submit(marker, options);
        JsonPath status = awaitTerminal(id);
        assertEquals("SUCCEEDED", status.getString("state"), status.prettify());
        assertEquals("local", manifest(id).path("backend").asText());
        assertEquals(0, sim.record().instructionsContaining(marker).size());
        assertEquals(null, sim.sessionOf(marker));
        assertStoredVideo(id);
    }

    // ---- helpers

    record Run(int instructions, int credits) {}

    /** Submits with the fallback on, expects SUCCEEDED by the local renderer after the cloud's {@code code}. */
    private Run fallback(String code) throws Exception {
        String marker = marker();
        Map<String, Object> options = new HashMap<>(SMALL);
        options.put("fallback", "local");
        String id = submit(marker, options);
        JsonPath status = awaitTerminal(id);
        assertEquals("SUCCEEDED", status.getString("state"), status.prettify());
        assertEquals("local", manifest(id).path("backend").asText(), "the local renderer made it");
        List<String> messages = status.getList("messages");
        assertTrue(
                messages.stream()
                        .anyMatch(m -> m.startsWith("NemoVideo could not make the video (" + code + ":")
                                && m.contains("the local renderer makes it instead")),
                messages.toString());
        assertStoredVideo(id);
        int instructions = sim.record().instructionsContaining(marker).size();
        assertTrue(instructions <= 1, "at most one instruction: " + instructions);
        Integer credits = status.get("creditsUsed");
        return new Run(instructions, credits == null ? 0 : credits);
    }

    private String submit(String marker, Map<String, Object> options) {
        return given().contentType(ContentType.JSON)
                .body(Map.of(
                        "prompt",
                        "animate " + marker,
                        "options",
                        options,
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

    private JsonNode manifest(String id) throws Exception {
        return new ObjectMapper()
                .readTree(s3.getObjectAsBytes(
                                b -> b.bucket(config.storage().bucket()).key("results/" + id + "/manifest.json"))
                        .asByteArray());
    }

    private void assertStoredVideo(String id) throws Exception {
        Path file = Files.createTempFile("fallback", ".mp4");
        try {
            Files.write(
                    file,
                    s3.getObjectAsBytes(b -> b.bucket(config.storage().bucket()).key("results/" + id + "/video.mp4"))
                            .asByteArray());
            VideoInfo info = VideoProbe.probe(file);
            assertEquals("High", info.profile());
            assertEquals(320, info.width());
            assertEquals(180, info.height());
            assertEquals(24, info.fps(), 0.01);
            assertEquals(24, info.frames());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String marker() {
        return "[" + UUID.randomUUID().toString().substring(0, 8) + "]";
    }
}
