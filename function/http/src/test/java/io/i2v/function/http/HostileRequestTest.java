package io.i2v.function.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.core.job.JobOptions;
import io.i2v.core.testing.EmbeddedAwsResource;
import io.i2v.core.testing.TestImages;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Requests a careless or hostile client sends: every refusal has the documented status, the one
 * error shape {@code {"error":{"code","message"}}} with a stable code and a message naming what
 * to fix, nothing is queued, and the service keeps answering.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedAwsResource.class)
class HostileRequestTest {
    private static final String IMAGE = Base64.getEncoder().encodeToString(TestImages.jpeg(96, 64));
    private static final String ONE_IMAGE = "\"images\":[{\"name\":\"a.jpg\",\"data\":\"" + IMAGE + "\"}]";

    @Inject
    SqsClient sqs;

    @Inject
    S3Client s3;

    String jobsQueue;

    @BeforeEach
    void emptyQueue() {
        LambdaReady.await();
        jobsQueue = sqs.getQueueUrl(b -> b.queueName(EmbeddedAwsResource.JOBS)).queueUrl();
        sqs.purgeQueue(b -> b.queueUrl(jobsQueue));
    }

    @Test
    void textWhereANumberBelongsNamesTheField() {
        refusedJson("{" + ONE_IMAGE + ",\"options\":{\"durationSeconds\":\"ten\"}}", 400, "invalid_request")
                .body("error.message", startsWith("\"options.durationSeconds\" must be a number"));
        refusedJson("{" + ONE_IMAGE + ",\"options\":{\"fps\":\"fast\"}}", 400, "invalid_request")
                .body("error.message", startsWith("\"options.fps\" must be a whole number"));
        refusedJson("{" + ONE_IMAGE + ",\"options\":{\"loop\":\"yes please\"}}", 400, "invalid_request")
                .body("error.message", startsWith("\"options.loop\" must be true or false"));
        refusedJson("{" + ONE_IMAGE + ",\"options\":[1,2]}", 400, "invalid_request")
                .body("error.message", startsWith("\"options\" must be an object"));
        assertNothingQueued();
    }

    @Test
    void bodyThatIsNotAnObjectIsRefused() {
        for (String body : List.of("42", "\"a job\"", "[]", "true")) {
            refusedJson(body, 400, "invalid_request")
                    .body("error.message", equalTo("the request body must be a JSON object"));
        }
        refusedJson("", 400, "invalid_request").body("error.message", equalTo("request body is empty"));
        refusedJson("null", 400, "invalid_request").body("error.message", equalTo("request body is empty"));
    }

    @Test
    void imagesThatAreNotAListOfObjectsAreRefused() {
        refusedJson("{\"images\":\"x\"}", 400, "invalid_request")
                .body("error.message", startsWith("\"images\" must be an array"));
        refusedJson("{\"images\":[42]}", 400, "invalid_request")
                .body("error.message", startsWith("\"images[0]\" must be an object"));
        refusedJson("{\"images\":[{\"data\":{\"nested\":true}}]}", 400, "invalid_request")
                .body("error.message", startsWith("\"images[0].data\" must be a string"));
        refusedJson(
                        "{\"images\":[{\"data\":\"" + IMAGE + "\",\"url\":\"https://example.com/a.jpg\"}]}",
                        400,
                        "invalid_request")
                .body("error.message", containsString("exactly one of"));
        refusedJson("{\"images\":[{\"data\":\"%%%not base64%%%\"}]}", 400, "invalid_request")
                .body("error.message", equalTo("image \"data\" is not valid base64"));
        assertNothingQueued();
    }

    @Test
    void deeplyNestedJsonIsRefusedWithoutHarm() throws Exception {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        // sent raw: REST Assured would pretty-print such a body into gigabytes when logging a failure
        JsonPath reply = rawJson("{" + ONE_IMAGE + ",\"extra\":" + deep + "}", 400);
        assertEquals("invalid_request", reply.getString("error.code"));
        assertTrue(reply.getString("error.message").contains("nesting depth"), reply.getString("error.message"));
        assertEquals(
                "invalid_request", rawJson("{\"images\":" + deep + "}", 400).getString("error.code"));
        assertEquals(
                "invalid_request",
                rawJson("{\"prompt\":" + "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000) + "}", 400)
                        .getString("error.code"));
        assertNothingQueued();
        stillHealthy();
    }

    @Test
    void malformedJsonSaysWhereItBroke() {
        refusedJson("{\"images\": [", 400, "invalid_request")
                .body("error.message", startsWith("the request body is not valid JSON (line 1, column"));
        refusedJson("{images: []}", 400, "invalid_request")
                .body("error.message", startsWith("the request body is not valid JSON"));
        refusedJson("{\"prompt\":\"a\"} trailing", 400, "invalid_request");
        refusedJson("{\"prompt\":\"a\"} {\"prompt\":\"b\"}", 400, "invalid_request")
                .body("error.message", startsWith("the request body has more after its JSON value"));
        refusedJson("{\"prompt\":\"\u0000\ud800\"", 400, "invalid_request");
        assertNothingQueued();
    }

    @Test
    void unknownStructuredOptionValuesListTheAllowedOnes() {
        refusedJson("{" + ONE_IMAGE + ",\"options\":{\"motion\":\"teleport\"}}", 400, "invalid_request")
                .body(
                        "error.message",
                        equalTo("\"options.motion\" must be one of: " + String.join(", ", JobOptions.MOTIONS)
                                + "; got \"teleport\""));
        refusedJson("{" + ONE_IMAGE + ",\"options\":{\"aspect\":\"2:1\"}}", 400, "invalid_request")
                .body("error.message", equalTo("\"options.aspect\" must be one of: 16:9, 9:16, 1:1, 4:5; got \"2:1\""));
        refusedJson("{" + ONE_IMAGE + ",\"options\":{\"format\":\"avi\"}}", 400, "invalid_request")
                .body("error.message", equalTo("\"options.format\" must be one of: mp4, mov, webm, gif; got \"avi\""));
        refusedJson("{" + ONE_IMAGE + ",\"options\":{\"depth\":\"3d\"}}", 400, "invalid_request")
                .body("error.message", equalTo("\"options.depth\" must be one of: auto, layers, flat; got \"3d\""));
        refusedJson("{" + ONE_IMAGE + ",\"options\":{\"backend\":\"gpu\"}}", 400, "invalid_request")
                .body("error.message", equalTo("\"options.backend\" must be one of: auto, nemo, local; got \"gpu\""));
        refusedJson("{" + ONE_IMAGE + ",\"options\":{\"fallback\":\"Local\"}}", 400, "invalid_request")
                .body("error.message", equalTo("\"options.fallback\" must be one of: local, none; got \"Local\""));
        refusedJson("{" + ONE_IMAGE + ",\"options\":{\"fps\":29}}", 400, "invalid_request")
                .body("error.message", equalTo("\"options.fps\" must be one of: 24, 25, 30, 60; got \"29\""));
        refusedJson("{" + ONE_IMAGE + ",\"options\":{\"width\":1281,\"height\":720}}", 400, "invalid_request")
                .body("error.message", startsWith("\"options.width\" must be an even number of pixels"));
        assertNothingQueued();
    }

    @Test
    void multipartOptionsAreJustAsStrict() {
        given().multiPart("image", "a.png", TestImages.png(96, 64), "image/png")
                .multiPart("options", "{\"durationSeconds\":\"ten\"}")
                .post("/v1/jobs")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("invalid_request"))
                .body("error.message", startsWith("\"options.durationSeconds\" must be a number"));
        given().multiPart("image", "a.png", TestImages.png(96, 64), "image/png")
                .multiPart("options", "{\"motion\":\"teleport\"}")
                .post("/v1/jobs")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("invalid_request"))
                .body("error.message", startsWith("\"options.motion\" must be one of: push in"));
        assertNothingQueued();
    }

    @Test
    void freeTextStaysForgivingWhileKnownMotionIsAcceptedInAnyCase() {
        given().contentType(ContentType.JSON)
                .body(
                        "{" + ONE_IMAGE
                                + ",\"prompt\":\"teleport me to the moon, 🚀, very fast!!\",\"options\":{\"motion\":\" Pan Left \"}}")
                .post("/v1/jobs")
                .then()
                .statusCode(202)
                .body("state", equalTo("QUEUED"));
    }

    @Test
    void photoCutToAThirdIsCorruptAndNothingIsWritten() {
        byte[] photo = TestImages.sample("ladybird.jpg");
        int before = s3.listObjectsV2(b -> b.bucket(EmbeddedAwsResource.BUCKET).prefix("jobs/"))
                .keyCount();
        refusedJson(
                        "{\"images\":[{\"name\":\"ladybird.jpg\",\"data\":\""
                                + Base64.getEncoder().encodeToString(TestImages.cut(photo, 1, 3)) + "\"}]}",
                        422,
                        "corrupt_image")
                .body(
                        "error.message",
                        equalTo("image \"ladybird.jpg\" cannot be used: the JPEG file is truncated or "
                                + "damaged: it ends before its end-of-image marker"));
        given().multiPart("image", "ladybird.jpg", TestImages.cut(photo, 1, 3), "image/jpeg")
                .post("/v1/jobs")
                .then()
                .statusCode(422)
                .body("error.code", equalTo("corrupt_image"));
        assertEquals(
                before,
                s3.listObjectsV2(b -> b.bucket(EmbeddedAwsResource.BUCKET).prefix("jobs/"))
                        .keyCount(),
                "a refused image writes nothing");
        assertNothingQueued();
        given().contentType(ContentType.JSON)
                .body("{\"images\":[{\"name\":\"ladybird.jpg\",\"data\":\""
                        + Base64.getEncoder().encodeToString(photo) + "\"}]}")
                .post("/v1/jobs")
                .then()
                .statusCode(202);
    }

    @Test
    void wrongContentTypeIsUnsupportedMediaType() {
        given().contentType(ContentType.TEXT)
                .body("{" + ONE_IMAGE + "}")
                .post("/v1/jobs")
                .then()
                .statusCode(415)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("unsupported_media_type"))
                .body("error.message", startsWith("unsupported Content-Type"));
        given().contentType("application/xml")
                .body("<job/>")
                .post("/v1/uploads")
                .then()
                .statusCode(415)
                .body("error.code", equalTo("unsupported_media_type"));
        assertNothingQueued();
    }

    @Test
    void unknownPathsAndMethodsHaveTheirOwnCodes() {
        errorShape(given().get("/v1/nothing-here").then().statusCode(404)).body("error.code", equalTo("not_found"));
        errorShape(given().delete("/v1/jobs").then().statusCode(405)).body("error.code", equalTo("method_not_allowed"));
        errorShape(given().get("/v1/jobs/job_aaaaaaaaaaaaaaaaaaaaaaaaaa").then().statusCode(404))
                .body("error.code", equalTo("job_not_found"));
        errorShape(given().contentType(ContentType.JSON)
                        .body("{}")
                        .post("/v1/jobs/job_aaaaaaaaaaaaaaaaaaaaaaaaaa/cancel")
                        .then()
                        .statusCode(404))
                .body("error.code", equalTo("job_not_found"));
    }

    @Test
    void uploadRequestsOfTheWrongShapeNameTheField() {
        refusedJson("/v1/uploads", "{\"filename\":\"a.jpg\",\"size\":\"big\"}", 400, "invalid_request")
                .body("error.message", startsWith("\"size\" must be a whole number"));
        refusedJson("/v1/uploads", "[1]", 400, "invalid_request")
                .body("error.message", equalTo("the request body must be a JSON object"));
    }

    @Test
    void idempotencyKeyReusedWithAnotherBodyIsAConflict() {
        String key = UUID.randomUUID().toString();
        String first = given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body("{" + ONE_IMAGE + ",\"prompt\":\"slow zoom\"}")
                .post("/v1/jobs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        errorShape(given().contentType(ContentType.JSON)
                        .header("Idempotency-Key", key)
                        .body("{" + ONE_IMAGE + ",\"prompt\":\"fast pan\"}")
                        .post("/v1/jobs")
                        .then()
                        .statusCode(409))
                .body("error.code", equalTo("idempotency_key_reused"))
                .body("error.message", containsString(first));
        given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body("{" + ONE_IMAGE + ",\"prompt\":\"slow zoom\"}")
                .post("/v1/jobs")
                .then()
                .statusCode(202)
                .body("id", equalTo(first));
    }

    @Test
    void oversizeBodyIsRefusedInTheErrorShape() throws Exception {
        HttpResponse<String> big = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/v1/jobs"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"prompt\":\"" + "a".repeat(7 * 1024 * 1024) + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(413, big.statusCode(), big.body());
        assertEquals("file_too_large", JsonPath.from(big.body()).getString("error.code"), big.body());
        stillHealthy();
    }

    @Test
    void concurrentSubmissionsWithOneIdempotencyKeyMakeOneJob() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = "{" + ONE_IMAGE + ",\"prompt\":\"slow zoom\"}";
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<String>> calls = Collections.nCopies(
                    6,
                    () -> given().contentType(ContentType.JSON)
                            .header("Idempotency-Key", key)
                            .body(body)
                            .post("/v1/jobs")
                            .then()
                            .statusCode(202)
                            .extract()
                            .<String>path("id"));
            List<String> ids = pool.invokeAll(calls).stream()
                    .map(HostileRequestTest::get)
                    .distinct()
                    .toList();
            assertEquals(1, ids.size(), "one key, one job: " + ids);
        } finally {
            pool.shutdownNow();
        }
        stillHealthy();
    }

    private static JsonPath rawJson(String body, int status) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/v1/jobs"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(status, r.statusCode(), r.body());
        JsonPath reply = JsonPath.from(r.body());
        assertEquals(2, reply.getMap("error").size(), r.body());
        return reply;
    }

    private static String get(Future<String> f) {
        try {
            return f.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private ValidatableResponse refusedJson(String body, int status, String code) {
        return refusedJson("/v1/jobs", body, status, code);
    }

    private ValidatableResponse refusedJson(String path, String body, int status, String code) {
        return errorShape(given().contentType(ContentType.JSON)
                        .body(body)
                        .post(path)
                        .then()
                        .statusCode(status))
                .body("error.code", equalTo(code));
    }

    /** Exactly {"error":{"code","message"}}, as JSON. */
    private static ValidatableResponse errorShape(ValidatableResponse r) {
        return r.contentType(ContentType.JSON).body("$", aMapWithSize(1)).body("error", aMapWithSize(2));
    }

    private void assertNothingQueued() {
        assertTrue(
                sqs.receiveMessage(b -> b.queueUrl(jobsQueue).waitTimeSeconds(0))
                        .messages()
                        .isEmpty(),
                "a refused request queued a job");
    }

    private static void stillHealthy() {
        given().contentType(ContentType.JSON)
                .body("{" + ONE_IMAGE + "}")
                .post("/v1/jobs")
                .then()
                .statusCode(202);
    }
}
