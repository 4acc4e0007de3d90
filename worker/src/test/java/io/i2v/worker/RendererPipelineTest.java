package io.i2v.worker;

import static io.i2v.worker.JobsApi.awaitTerminal;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.config.I2vConfig;
import io.i2v.core.testing.TestImages;
import io.i2v.worker.media.VideoInfo;
import io.i2v.worker.media.VideoProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The local renderer's job-level features through the HTTP API: follow-up edits start from the
 * parent's stored timeline; several images give one clip each when asked; an audio file beside
 * the images becomes the music.
 */
@QuarkusTest
@TestProfile(LocalStackProfile.class)
class RendererPipelineTest {
    @Inject
    S3Client s3;

    @Inject
    I2vConfig config;

    @Inject
    ObjectMapper json;

    @Test
    void editsReshapeTheParentsTimelineAndRenderANewVideo() throws Exception {
        String parent = given().contentType(ContentType.JSON)
                .body(Map.of(
                        "prompt",
                        "a 1-second 720p push in with the title \"Harbor\"",
                        "images",
                        List.of(Map.of(
                                "name",
                                "harbor.jpg",
                                "data",
                                Base64.getEncoder().encodeToString(TestImages.jpeg(1600, 900))))))
                .post("/v1/jobs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        JsonPath first = awaitTerminal(parent);
        assertEquals("SUCCEEDED", first.getString("state"), first.prettify());
        assertEquals(
                "Timeline (2 tracks): 1. Video: harbor.jpg (0-1s, push in) 2. Title: \"Harbor\" (0-1s)",
                first.getString("timeline"));
        JsonNode parentDraft = draft(parent);
        assertEquals(0, parentDraft.get("t").get(0).get("tt").asInt());
        assertEquals(7, parentDraft.get("t").get(1).get("tt").asInt());

        String edit = given().contentType(ContentType.JSON)
                .body(Map.of("prompt", "slower, make it vertical and add the caption “See you there” at the bottom"))
                .post("/v1/jobs/" + parent + "/edits")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        JsonPath second = awaitTerminal(edit);
        assertEquals("SUCCEEDED", second.getString("state"), second.prettify());
        assertEquals(parent, second.getString("parentJobId"));
        assertEquals(720, second.getInt("result.width"));
        assertEquals(1280, second.getInt("result.height"));
        assertEquals(
                "Timeline (2 tracks): 1. Video: harbor.jpg (0-1s, push in) 2. Title: \"Harbor\" (0-1s) "
                        + "3. Caption: \"See you there\" (0-1s)",
                second.getString("timeline"));
        JsonNode editDraft = draft(edit);
        double before = parentDraft
                .get("t")
                .get(0)
                .get("sg")
                .get(0)
                .get("m")
                .get("intensity")
                .asDouble();
        double after = editDraft
                .get("t")
                .get(0)
                .get("sg")
                .get(0)
                .get("m")
                .get("intensity")
                .asDouble();
        assertEquals(before * 0.6, after, 1e-9, "slower");

        Path video = Files.createTempFile("i2v-edit", ".mp4");
        Files.write(
                video,
                s3.getObjectAsBytes(b -> b.bucket(config.storage().bucket()).key(second.getString("result.videoKey")))
                        .asByteArray());
        VideoInfo info = VideoProbe.probe(video);
        assertEquals(720, info.width());
        assertEquals(1280, info.height());
        assertEquals(30, info.frames());
        assertTrue(second.getList("interpretation.understood").toString().contains("slower"));
    }

    @Test
    void severalImagesGiveOneClipEachWhenAskedAndMusicComesAlong() throws Exception {
        String id = given().contentType(ContentType.JSON)
                .body(Map.of(
                        "prompt",
                        "one clip per image, 1 second 720p, music at 40%",
                        "images",
                        List.of(
                                Map.of(
                                        "name",
                                        "a.jpg",
                                        "data",
                                        Base64.getEncoder().encodeToString(TestImages.jpeg(1280, 720))),
                                Map.of(
                                        "name",
                                        "b.png",
                                        "data",
                                        Base64.getEncoder().encodeToString(TestImages.png(900, 900))),
                                Map.of(
                                        "name",
                                        "tone.wav",
                                        "data",
                                        Base64.getEncoder().encodeToString(wav())))))
                .post("/v1/jobs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        JsonPath status = awaitTerminal(id);
        assertEquals("SUCCEEDED", status.getString("state"), status.prettify());
        assertEquals(2, status.getList("results").size());
        assertEquals(status.getString("result.videoKey"), status.getString("results[0].videoKey"));
        assertTrue(status.getString("results[1].videoKey").endsWith("/clip-2.mp4"));
        assertTrue(status.getString("timeline").contains("BGM: tone.wav (0-1s, 40%)"), status.getString("timeline"));
        for (int i = 0; i < 2; i++) {
            String key = status.getString("results[" + i + "].videoKey");
            Path video = Files.createTempFile("i2v-clip", ".mp4");
            Files.write(
                    video,
                    s3.getObjectAsBytes(b -> b.bucket(config.storage().bucket()).key(key))
                            .asByteArray());
            VideoInfo info = VideoProbe.probe(video);
            assertEquals(1280, info.width());
            assertEquals(30, info.frames());
            try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile())) {
                g.start();
                assertEquals("aac", g.getAudioCodecName(), "clip " + i + " carries the music");
                g.stop();
            }
        }
    }

    /** Half a second of a 440 Hz tone, 16-bit mono WAV. */
    private static byte[] wav() throws Exception {
        int rate = 22_050;
        byte[] pcm = new byte[rate];
        for (int i = 0; i < rate / 2; i++) {
            short v = (short) (Math.sin(2 * Math.PI * 440 * i / rate) * 12000);
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        var out = new ByteArrayOutputStream();
        AudioSystem.write(
                new AudioInputStream(
                        new ByteArrayInputStream(pcm), new AudioFormat(rate, 16, 1, true, false), rate / 2),
                AudioFileFormat.Type.WAVE,
                out);
        return out.toByteArray();
    }

    private JsonNode draft(String id) throws Exception {
        return json.readTree(
                s3.getObjectAsBytes(b -> b.bucket(config.storage().bucket()).key("jobs/" + id + "/timeline.json"))
                        .asByteArray());
    }
}
