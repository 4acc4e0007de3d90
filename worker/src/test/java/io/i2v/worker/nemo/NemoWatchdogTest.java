package io.i2v.worker.nemo;

import static io.i2v.worker.JobsApi.awaitTerminal;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.core.config.I2vConfig;
import io.i2v.core.testing.TestImages;
import io.i2v.nemosim.NemoSimulator;
import io.i2v.nemosim.SimScript.Fault;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The watchdog against a frozen cloud job: the render never moves past "processing", and the
 * backend's own poll limit is set far away, so only the watchdog can end it.
 */
@QuarkusTest
@TestProfile(NemoWatchdogTest.FrozenBackend.class)
class NemoWatchdogTest {
    public static class FrozenBackend extends NemoProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> c = new HashMap<>(super.getConfigOverrides());
            c.put("i2v.worker.watchdog.stall-timeout", "PT2S");
            c.put("i2v.worker.nemo.max-polls", "100000");
            return c;
        }
    }

    @NemoSimResource.Sim
    NemoSimulator sim;

    @Inject
    S3Client s3;

    @Inject
    I2vConfig config;

    @AfterEach
    void reset() {
        sim.releaseRenders();
        sim.script().reset();
    }

    @Test
    void frozenRenderIsStoppedByTheWatchdogAsStalledAndCancelledAtTheBackend() throws Exception {
        sim.script().fail(Fault.HOLD_RENDER);
        String id = given().contentType(ContentType.JSON)
                .body(Map.of(
                        "prompt",
                        "animate this",
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

        JsonPath status = awaitTerminal(id);
        assertEquals("FAILED", status.getString("state"), status.prettify());
        assertEquals("stalled", status.getString("error.code"));
        assertEquals(false, status.getBoolean("error.retryable"));
        assertTrue(status.getString("error.message").contains("no progress"), status.getString("error.message"));
        assertEquals(1, sim.record().cancels().size(), "the frozen render was not cancelled at the backend");
        assertTrue(
                s3.listObjectsV2(b -> b.bucket(config.storage().bucket()).prefix("results/" + id + "/"))
                        .contents()
                        .isEmpty(),
                "a stalled job leaves no result");
    }
}
