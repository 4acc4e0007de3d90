package io.i2v.worker;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.core.config.I2vConfig;
import io.i2v.core.testing.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A job that runs longer than the queue's visibility timeout keeps its message hidden: no other
 * worker can receive it meanwhile, and it is worked on once.
 */
@QuarkusTest
@TestProfile(ShortVisibilityProfile.class)
class VisibilityHeartbeatTest {
    @Inject
    SqsClient sqs;

    @Inject
    I2vConfig config;

    @Test
    void longJobIsNotRedeliveredWhileItRuns() throws Exception {
        try (JobLogCapture logs = new JobLogCapture()) {
            // about 12 s of rendering against a 5 s visibility timeout
            String id = given().contentType(ContentType.JSON)
                    .body(Map.of(
                            "prompt",
                            "a 12-second clip",
                            "images",
                            List.of(Map.of("data", Base64.getEncoder().encodeToString(TestImages.jpeg(800, 600))))))
                    .post("/v1/jobs")
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("id");
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!"SUCCEEDED"
                    .equals(given().get("/v1/jobs/" + id).then().extract().path("state"))) {
                assertTrue(System.nanoTime() < deadline, "job did not finish");
                Thread.sleep(200);
            }
            Thread.sleep(5000); // a redelivery, had there been one, would now be handled
            // the message was deleted with the receipt handle of the one delivery: nothing is left
            String queueUrl =
                    sqs.getQueueUrl(b -> b.queueName(config.queues().jobs())).queueUrl();
            Map<String, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                            .attributeNamesWithStrings(
                                    "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                    .attributesAsStrings();
            assertEquals("0", attributes.get("ApproximateNumberOfMessages"), attributes.toString());
            assertEquals("0", attributes.get("ApproximateNumberOfMessagesNotVisible"), attributes.toString());
            List<String> forJob =
                    logs.forJob(id).stream().map(JobLogCapture.Line::message).toList();
            assertEquals(
                    1,
                    forJob.stream().filter(l -> l.contains("started (delivery")).count(),
                    forJob.toString());
            assertTrue(forJob.stream().noneMatch(l -> l.contains("redelivery acknowledged")), forJob.toString());
        }
    }
}
