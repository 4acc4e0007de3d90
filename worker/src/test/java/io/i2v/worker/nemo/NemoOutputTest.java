package io.i2v.worker.nemo;

import static io.i2v.worker.JobsApi.awaitTerminal;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.core.config.I2vConfig;
import io.i2v.core.testing.TestImages;
import io.i2v.nemosim.NemoSimulator;
import io.i2v.nemosim.SimRecord;
import io.i2v.nemosim.SimScript.Output;
import io.i2v.worker.media.VideoConformer;
import io.i2v.worker.media.VideoInfo;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What NemoVideo's exports really are — Baseline, smaller, another rate, with sound, QuickTime
 * named .mp4 — each becomes a video as promised (decoded here: H.264 High, yuv420p, MP4 with the
 * index up front, the asked size and rate), with a message saying what came and what changed;
 * only a file that does not decode fails, after one more download and without a second render.
 */
@QuarkusTest
@TestProfile(NemoProfile.class)
class NemoOutputTest {
    @NemoSimResource.Sim
    NemoSimulator sim;

    @Inject
    S3Client s3;

    @Inject
    I2vConfig config;

    @AfterEach
    void reset() {
        sim.script().reset();
    }

    @Test
    void baselineExportIsReencodedToHighAndSaysSo() throws Exception {
        sim.script().output(Output.BASELINE);
        JsonPath status = run(Map.of());

        VideoConformer.Source video = stored(status, 320, 180, 24, 24);
        assertFalse(video.sound());
        String said = delivered(status);
        assertTrue(said.contains("H.264 Constrained Baseline") && said.contains("re-encoded to H.264 High"), said);
    }

    @Test
    void smallerExportIsCentredOnBlackAtTheAskedSizeNotEnlarged() throws Exception {
        sim.script().output(Output.SMALLER);
        JsonPath status = run(Map.of("width", 320, "height", 180));

        stored(status, 320, 180, 24, 24);
        String said = delivered(status);
        assertTrue(said.contains("160x90") && said.contains("centred on black (not enlarged) to fit 320x180"), said);
        BufferedImage frame = firstFrame(status);
        assertTrue(luma(frame.getRGB(20, 20)) < 24, "the border is black: " + luma(frame.getRGB(20, 20)));
        assertTrue(luma(frame.getRGB(160, 90)) > 30, "the picture sits in the middle at its own size");
        assertTrue(
                luma(frame.getRGB(82, 90)) > 30 && luma(frame.getRGB(76, 90)) < 24,
                "the picture is 160 wide, not stretched: its left edge is at x=80");
    }

    @Test
    void otherFrameRateIsConvertedToTheAskedOne() throws Exception {
        sim.script().output(Output.OTHER_FPS);
        JsonPath status = run(Map.of("fps", 24));

        stored(status, 320, 180, 24, 24);
        String said = delivered(status);
        assertTrue(said.contains("30 fps") && said.contains("frame rate 30 → 24 fps"), said);
    }

    @Test
    void otherFrameRateNobodyAskedAboutIsKept() throws Exception {
        sim.script().output(Output.OTHER_FPS);
        JsonPath status = run(Map.of());

        stored(status, 320, 180, 30, 30);
        assertTrue(delivered(status).endsWith("Kept as delivered."), delivered(status));
    }

    @Test
    void exportWithSoundThatMeetsThePromiseIsKeptAsDelivered() throws Exception {
        sim.script().output(Output.WITH_AUDIO);
        JsonPath status = run(Map.of());

        VideoConformer.Source video = stored(status, 320, 180, 24, 24);
        assertTrue(video.sound(), "the sound track stays");
        assertEquals("aac", video.audioCodec());
        String said = delivered(status);
        assertTrue(said.contains("with sound (aac)") && said.endsWith("Kept as delivered."), said);
    }

    @Test
    void quickTimeFileNamedMp4IsRewrappedWithoutReencoding() throws Exception {
        sim.script().output(Output.MOV_IN_MP4);
        JsonPath status = run(Map.of());

        VideoConformer.Source video = stored(status, 320, 180, 24, 24);
        assertTrue(video.sound());
        String said = delivered(status);
        assertTrue(
                said.contains("a QuickTime (MOV) file with the index at the end")
                        && said.contains(
                                "rewrapped from QuickTime into MP4 with the index up front (streams unchanged)")
                        && !said.contains("re-encoded"),
                said);
    }

    @Test
    void corruptExportFailsAfterOneMoreDownloadWithOneRenderAndOneInstruction() throws Exception {
        Instant start = Instant.now();
        sim.script().output(Output.CORRUPT);
        String marker = "[" + UUID.randomUUID().toString().substring(0, 8) + "]";
        JsonPath status = awaitTerminal(submit("animate " + marker, Map.of()));

        assertEquals("FAILED", status.getString("state"), status.prettify());
        assertEquals("output_invalid", status.getString("error.code"));
        assertEquals(false, status.getBoolean("error.retryable"));
        assertTrue(status.getString("error.message").contains("downloaded twice"), status.getString("error.message"));
        assertEquals(1, sim.record().instructionsContaining(marker).size(), "one instruction");
        assertEquals(1, sim.record().renders(sim.sessionOf(marker)).size(), "one render, never a second");
        List<SimRecord.Request> downloads = sim.record().requests().stream()
                .filter(r -> !r.at().isBefore(start))
                .filter(r -> r.path().startsWith("/cdn/renders/") || r.path().endsWith("/download"))
                .toList();
        assertEquals(2, downloads.size(), "downloaded, then downloaded again: " + downloads);
        assertTrue(
                downloads.get(1).path().matches("/api/render/proxy/render_[0-9a-f]+/download"),
                "the second download is the stored render's own: "
                        + downloads.get(1).path());
        assertTrue(
                status.getList("messages").stream()
                        .anyMatch(m -> m.toString().contains("downloading NemoVideo's stored render again")),
                status.getList("messages").toString());
        assertTrue(
                s3.listObjectsV2(b ->
                                b.bucket(config.storage().bucket()).prefix("results/" + status.getString("id") + "/"))
                        .contents()
                        .isEmpty(),
                "no result");
    }

    // ---- helpers

    private JsonPath run(Map<String, Object> options) throws Exception {
        JsonPath status = awaitTerminal(submit("animate " + UUID.randomUUID(), options));
        assertEquals("SUCCEEDED", status.getString("state"), status.prettify());
        return status;
    }

    private String submit(String prompt, Map<String, Object> options) {
        Map<String, Object> body = new HashMap<>(Map.of(
                "prompt",
                prompt,
                "images",
                List.of(Map.of(
                        "name", "scene.jpg", "data", Base64.getEncoder().encodeToString(TestImages.jpeg(640, 480))))));
        if (!options.isEmpty()) {
            body.put("options", options);
        }
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/v1/jobs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }

    /** The one message that says what NemoVideo delivered. */
    private static String delivered(JsonPath status) {
        List<String> said = status.<String>getList("messages").stream()
                .filter(m -> m.startsWith("NemoVideo delivered"))
                .toList();
        assertEquals(1, said.size(), status.getList("messages").toString());
        return said.get(0);
    }

    /** The stored video, decoded: what the service promises, at this size, rate and length. */
    private VideoConformer.Source stored(JsonPath status, int width, int height, int fps, long frames)
            throws Exception {
        Path file = download(status);
        try {
            VideoConformer.Source source = VideoConformer.inspect(file);
            VideoInfo info = source.video();
            assertEquals("h264", info.codec());
            assertEquals("High", info.profile());
            assertEquals("yuv420p", info.pixelFormat());
            assertTrue(info.faststart(), "index up front");
            assertFalse(source.quickTime(), "an MP4, not QuickTime: " + source.brand());
            assertEquals(width, info.width());
            assertEquals(height, info.height());
            assertEquals(fps, info.fps(), 0.01);
            assertEquals(frames, info.frames());
            assertEquals(width, status.getInt("result.width"));
            assertEquals(height, status.getInt("result.height"));
            return source;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private BufferedImage firstFrame(JsonPath status) throws Exception {
        Path file = download(status);
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
                Java2DFrameConverter convert = new Java2DFrameConverter()) {
            g.start();
            BufferedImage image = convert.convert(g.grabImage());
            BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            copy.getGraphics().drawImage(image, 0, 0, null);
            g.stop();
            return copy;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private Path download(JsonPath status) throws Exception {
        Path file = Files.createTempFile("nemo-output", ".mp4");
        Files.write(
                file,
                s3.getObjectAsBytes(b -> b.bucket(config.storage().bucket()).key(status.getString("result.videoKey")))
                        .asByteArray());
        return file;
    }

    private static int luma(int rgb) {
        return (((rgb >> 16) & 0xff) * 3 + ((rgb >> 8) & 0xff) * 6 + (rgb & 0xff)) / 10;
    }
}
