package io.i2v.function.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.core.testing.EmbeddedAwsResource;
import io.i2v.core.testing.TestImages;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With API keys configured, the function URL needs one, and each key sees only its own jobs. */
@QuarkusTest
@QuarkusTestResource(EmbeddedAwsResource.class)
@TestProfile(ApiKeyTest.TwoCallers.class)
class ApiKeyTest {
    @BeforeEach
    void functionAnswers() {
        LambdaReady.await();
    }

    static final String ALICE = "alice-key-7f3a9c";
    static final String BOB = "bob-key-0e41d2";

    public static class TwoCallers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("i2v.api.keys", "alice=" + ALICE + ",bob=" + BOB);
        }
    }

    @Test
    void requestsWithoutAValidKeyAreRefused() {
        given().get("/v1/jobs/job_aaaaaaaaaaaaaaaaaaaaaaaaaa")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("error.code", equalTo("unauthorized"));
        given().auth()
                .oauth2("not-a-key")
                .get("/v1/jobs/job_aaaaaaaaaaaaaaaaaaaaaaaaaa")
                .then()
                .statusCode(401)
                .body("error.code", equalTo("unauthorized"));
        given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of()))
                .post("/v1/jobs")
                .then()
                .statusCode(401);
        given().header("Authorization", "Basic " + ALICE)
                .get("/v1/jobs/job_aaaaaaaaaaaaaaaaaaaaaaaaaa")
                .then()
                .statusCode(401);
    }

    @Test
    void oneCallersJobCannotBeReadCanceledOrEditedWithAnothersKey() {
        List<String> logged = Collections.synchronizedList(new ArrayList<>());
        Handler capture = new Handler() {
            public void publish(LogRecord r) {
                logged.add(String.valueOf(r.getMessage()) + " " + Arrays.toString(r.getParameters()));
            }

            public void flush() {}

            public void close() {}
        };
        Logger.getLogger("").addHandler(capture);
        try {
            String id = given().auth()
                    .oauth2(ALICE)
                    .contentType(ContentType.JSON)
                    .body(Map.of(
                            "prompt",
                            "zoom in",
                            "images",
                            List.of(Map.of(
                                    "name",
                                    "a.jpg",
                                    "data",
                                    Base64.getEncoder().encodeToString(TestImages.jpeg(320, 240))))))
                    .post("/v1/jobs")
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("id");

            given().auth()
                    .oauth2(ALICE)
                    .get("/v1/jobs/" + id)
                    .then()
                    .statusCode(200)
                    .body("id", equalTo(id));
            given().auth()
                    .oauth2(BOB)
                    .get("/v1/jobs/" + id)
                    .then()
                    .statusCode(404)
                    .body("error.code", equalTo("job_not_found"));
            given().auth().oauth2(BOB).post("/v1/jobs/" + id + "/cancel").then().statusCode(404);
            given().auth()
                    .oauth2(BOB)
                    .contentType(ContentType.JSON)
                    .body(Map.of("prompt", "slower"))
                    .post("/v1/jobs/" + id + "/edits")
                    .then()
                    .statusCode(404);
            given().auth()
                    .oauth2(ALICE)
                    .post("/v1/jobs/" + id + "/cancel")
                    .then()
                    .statusCode(200)
                    .body("state", equalTo("CANCELED"));
        } finally {
            Logger.getLogger("").removeHandler(capture);
        }
        assertTrue(logged.stream().noneMatch(l -> l.contains(ALICE) || l.contains(BOB)), "a key reached the logs");
    }
}
