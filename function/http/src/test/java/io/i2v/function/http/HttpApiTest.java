package io.i2v.function.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.storage.S3Keys;
import io.i2v.core.testing.EmbeddedAwsResource;
import io.i2v.core.testing.Fixtures;
import io.i2v.core.testing.TestImages;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The HTTP API as the Lambda function URL runs it, against real SQS and S3 servers. */
@QuarkusTest
@QuarkusTestResource(EmbeddedAwsResource.class)
class HttpApiTest {
    @Inject
    S3Client s3;

    @Inject
    SqsClient sqs;

    @Inject
    ObjectMapper json;

    String jobsQueue;
    String eventsQueue;

    @BeforeEach
    void emptyQueues() {
        LambdaReady.await();
        jobsQueue = sqs.getQueueUrl(b -> b.queueName(EmbeddedAwsResource.JOBS)).queueUrl();
        eventsQueue =
                sqs.getQueueUrl(b -> b.queueName(EmbeddedAwsResource.EVENTS)).queueUrl();
        sqs.purgeQueue(b -> b.queueUrl(jobsQueue));
        sqs.purgeQueue(b -> b.queueUrl(eventsQueue));
    }

    @Test
    void functionUrlEventCreatesQueuedJobStoredAndEnqueued() throws Exception {
        String body = submission(TestImages.jpeg(640, 360), "animate this into a 5-second video");
        JsonPath reply = invoke(Fixtures.event(
                "function-url-post-job.json",
                Map.of(
                        "idempotencyKey", UUID.randomUUID().toString(),
                        "body", Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)))));

        assertEquals(202, reply.getInt("statusCode"));
        JsonNode job = json.readTree(reply.getString("body"));
        String id = job.get("id").asText();
        assertEquals("QUEUED", job.get("state").asText());
        assertEquals("animate this into a 5-second video", job.get("prompt").asText());

        // the image, the request, the status, and the outbox's claim of the job.queued event it published,
        // marked sent
        assertEquals(
                List.of(
                        S3Keys.event(id, id + ":job.queued"),
                        S3Keys.eventSent(id, id + ":job.queued"),
                        "jobs/" + id + "/input/0.jpg",
                        "jobs/" + id + "/request.json",
                        "jobs/" + id + "/status.json"),
                keys("jobs/" + id + "/"));
        List<Message> queued = receiveAll(jobsQueue);
        assertEquals(1, queued.size());
        JsonNode message = json.readTree(queued.get(0).body());
        assertEquals(1, message.get("version").asInt());
        assertEquals(id, message.get("jobId").asText());
        assertEquals(
                "jobs/" + id + "/input/0.jpg",
                message.get("images").get(0).get("key").asText());
        JsonNode event = json.readTree(receiveAll(eventsQueue).get(0).body());
        assertEquals("job.queued", event.get("type").asText());
        assertEquals(id + ":job.queued", event.get("eventId").asText());

        JsonPath status = invoke(Fixtures.event("function-url-get-job.json", Map.of("jobId", id)));
        assertEquals(200, status.getInt("statusCode"));
        assertEquals(
                "QUEUED", json.readTree(status.getString("body")).get("state").asText());
    }

    @Test
    void sameIdempotencyKeyReturnsSameJobAndEnqueuesOnce() {
        String body = submission(TestImages.jpeg(320, 240), null);
        String key = UUID.randomUUID().toString();
        String first = given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body)
                .post("/v1/jobs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        String second = given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body)
                .post("/v1/jobs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        assertEquals(first, second);
        assertEquals(1, receiveAll(jobsQueue).size());
    }

    @Test
    void multipartUploadCreatesJob() {
        String id = given().multiPart("image", "harbor.png", TestImages.png(320, 240), "image/png")
                .multiPart("prompt", "slow zoom, 3 seconds")
                .post("/v1/jobs")
                .then()
                .statusCode(202)
                .body("state", equalTo("QUEUED"))
                .body("prompt", equalTo("slow zoom, 3 seconds"))
                .extract()
                .path("id");
        assertTrue(keys("jobs/" + id + "/").contains("jobs/" + id + "/input/0.png"));
    }

    @Test
    void presignedUploadThenJobByKey() throws Exception {
        byte[] image = TestImages.jpeg(800, 600);
        JsonPath ticket = given().contentType(ContentType.JSON)
                .body(Map.of("filename", "my photo.jpg", "contentType", "image/jpeg", "size", image.length))
                .post("/v1/uploads")
                .then()
                .statusCode(201)
                .body("method", equalTo("PUT"))
                .body("key", startsWith("uploads/"))
                .extract()
                .jsonPath();
        HttpResponse<String> put = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(ticket.getString("uploadUrl")))
                                .header("Content-Type", "image/jpeg")
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(image))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());

        String key = ticket.getString("key");
        given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("key", key))))
                .post("/v1/jobs")
                .then()
                .statusCode(202)
                .body("state", equalTo("QUEUED"));
        JsonNode message = json.readTree(receiveAll(jobsQueue).get(0).body());
        assertEquals(key, message.get("images").get(0).get("key").asText());
        assertEquals("JPEG", message.get("images").get(0).get("format").asText());
    }

    @Test
    void textRenamedJpgIsRefusedAndNothingIsWritten() {
        int before = keys("jobs/").size();
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "images",
                        List.of(Map.of(
                                "name",
                                "photo.jpg",
                                "data",
                                Base64.getEncoder().encodeToString("just some text, not a picture".getBytes())))))
                .post("/v1/jobs")
                .then()
                .statusCode(415)
                .body("error.code", equalTo("unsupported_format"))
                .body("error.message", startsWith("\"photo.jpg\" is not a supported image"));
        assertEquals(before, keys("jobs/").size());
        assertTrue(receiveAll(jobsQueue).isEmpty());
    }

    @Test
    void jobWithoutImageIsRefused() {
        given().contentType(ContentType.JSON)
                .body(Map.of("prompt", "animate"))
                .post("/v1/jobs")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("missing_image"));
        given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("key", "uploads/nothing/here.jpg"))))
                .post("/v1/jobs")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("missing_image"));
        assertTrue(receiveAll(jobsQueue).isEmpty());
    }

    @Test
    void declaredSizeOver200MbIsRefused() {
        given().contentType(ContentType.JSON)
                .body(Map.of("filename", "huge.jpg", "contentType", "image/jpeg", "size", 200L * 1024 * 1024 + 1))
                .post("/v1/uploads")
                .then()
                .statusCode(413)
                .body("error.code", equalTo("file_too_large"));
    }

    @Test
    void unknownSubmissionVersionIsRefused() {
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "version",
                        7,
                        "images",
                        List.of(Map.of("data", Base64.getEncoder().encodeToString(TestImages.jpeg(64, 64))))))
                .post("/v1/jobs")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("unsupported_version"));
    }

    @Test
    void nonHttpsUrlIsRefused() {
        given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("url", "ftp://example.com/a.jpg"))))
                .post("/v1/jobs")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("url_not_allowed"));
    }

    @Test
    void unknownJobIs404WithStableCode() {
        given().get("/v1/jobs/job_aaaaaaaaaaaaaaaaaaaaaaaaaa")
                .then()
                .statusCode(404)
                .body("error.code", equalTo("job_not_found"));
        given().get("/v1/jobs/not-an-id").then().statusCode(404).body("error.code", equalTo("job_not_found"));
    }

    @Test
    void malformedJsonIsA400WithStableCode() {
        given().contentType(ContentType.JSON)
                .body("{\"images\": [")
                .post("/v1/jobs")
                .then()
                .statusCode(400)
                .body("error.code", equalTo("invalid_request"));
    }

    private String submission(byte[] image, String prompt) {
        try {
            var map = new LinkedHashMap<String, Object>();
            if (prompt != null) {
                map.put("prompt", prompt);
            }
            map.put(
                    "images",
                    List.of(Map.of(
                            "name", "scene.jpg", "data", Base64.getEncoder().encodeToString(image))));
            return json.writeValueAsString(map);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends a raw Lambda event through the mock event server, as the Lambda runtime would. */
    private static JsonPath invoke(String event) {
        String reply = given().contentType(ContentType.JSON)
                .body(event)
                .post("http://localhost:8081/_lambda_")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return JsonPath.from(reply);
    }

    private List<String> keys(String prefix) {
        return s3.listObjectsV2(b -> b.bucket(EmbeddedAwsResource.BUCKET).prefix(prefix)).contents().stream()
                .map(S3Object::key)
                .sorted()
                .toList();
    }

    private List<Message> receiveAll(String queueUrl) {
        return sqs.receiveMessage(
                        b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages();
    }
}
