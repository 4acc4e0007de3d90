package io.i2v.worker;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Follow-up edits through the HTTP API with the local renderer: the new job starts from the
 * parent's stored timeline, changes only what the edit says, and renders a new video.
 */
@QuarkusTest
@TestProfile(LocalStackProfile.class)
class EditPipelineTest {
    @Inject
    S3Client s3;
    @Inject
    I2vConfig config;
    @Inject
    ObjectMapper json;

    @Test
    void editsReshapeTheParentsTimelineAndRenderANewVideo() throws Exception {
        String parent = given().contentType(ContentType.JSON)
                .body(Map.of("prompt", "a 1-second 720p push in with the title \"Harbor\"", "images",
                        List.of(Map.of("name", "harbor.jpg", "data",
                                Base64.getEncoder().encodeToString(TestImages.jpeg(1600, 900))))))
                .post("/v1/jobs").then().statusCode(202).extract().path("id");
        JsonPath first = await(parent);
        assertEquals("SUCCEEDED", first.getString("state"), first.prettify());
        assertEquals("Timeline (2 tracks): 1. Video: harbor.jpg (0-1s, push in) 2. Title: \"Harbor\" (0-1s)",
                first.getString("timeline"));
        JsonNode parentDraft = draft(parent);
        assertEquals(0, parentDraft.get("t").get(0).get("tt").asInt());
        assertEquals(7, parentDraft.get("t").get(1).get("tt").asInt());

        String edit = given().contentType(ContentType.JSON)
                .body(Map.of("prompt", "slower, make it vertical and add the caption “See you there” at the bottom"))
                .post("/v1/jobs/" + parent + "/edits").then().statusCode(202).extract().path("id");
        JsonPath second = await(edit);
        assertEquals("SUCCEEDED", second.getString("state"), second.prettify());
        assertEquals(parent, second.getString("parentJobId"));
        assertEquals(720, second.getInt("result.width"));
        assertEquals(1280, second.getInt("result.height"));
        assertEquals("Timeline (2 tracks): 1. Video: harbor.jpg (0-1s, push in) 2. Title: \"Harbor\" (0-1s) "
                + "3. Caption: \"See you there\" (0-1s)", second.getString("timeline"));
        JsonNode editDraft = draft(edit);
        double before = parentDraft.get("t").get(0).get("sg").get(0).get("m").get("intensity").asDouble();
        double after = editDraft.get("t").get(0).get("sg").get(0).get("m").get("intensity").asDouble();
        assertEquals(before * 0.6, after, 1e-9, "slower");

        Path video = Files.createTempFile("i2v-edit", ".mp4");
        Files.write(video, s3.getObjectAsBytes(b -> b.bucket(config.storage().bucket())
                .key(second.getString("result.videoKey"))).asByteArray());
        VideoInfo info = VideoProbe.probe(video);
        assertEquals(720, info.width());
        assertEquals(1280, info.height());
        assertEquals(30, info.frames());
        assertTrue(second.getList("interpretation.understood").toString().contains("slower"));
    }

    private JsonNode draft(String id) throws Exception {
        return json.readTree(s3.getObjectAsBytes(b -> b.bucket(config.storage().bucket())
                .key("jobs/" + id + "/timeline.json")).asByteArray());
    }

    private static JsonPath await(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            JsonPath status = given().get("/v1/jobs/" + id).then().statusCode(200).extract().jsonPath();
            if (List.of("SUCCEEDED", "FAILED", "CANCELED").contains(status.getString("state"))) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + id + " unfinished after 120 s");
            }
            Thread.sleep(200);
        }
    }
}
