package io.i2v.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.config.I2vConfig;
import io.i2v.core.job.JobIds;
import io.i2v.core.job.JobSource;
import io.i2v.core.storage.JobRepository;
import io.i2v.core.testing.TestImages;
import io.i2v.worker.config.WorkerConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Local mode's other two entry points, used the way another service would use them on AWS, with
 * the real AWS SDK against the embedded servers: an upload under {@code inbox/} and a message
 * on the intake queue each become a job that succeeds, through the Lambda handlers' own code.
 */
@QuarkusTest
@TestProfile(LocalStackProfile.class)
class LocalEntryPointsTest {
    @Inject
    S3Client s3;

    @Inject
    SqsClient sqs;

    @Inject
    ObjectMapper json;

    @Inject
    I2vConfig config;

    @Inject
    WorkerConfig worker;

    @Inject
    JobRepository jobs;

    EventLog events;

    @BeforeEach
    void subscribe() {
        events = new EventLog(sqs, config.queues().events(), json);
    }

    @Test
    void uploadUnderInboxStartsOneJobPerObjectVersionThatSucceeds() throws Exception {
        String bucket = config.storage().bucket();
        String key = "inbox/spring sale/hero.jpg";
        byte[] photo = TestImages.jpeg(640, 480);
        String etag = put(key, photo, "a 1-second clip, slow push in");
        String id = JobIds.derived("job", JobSource.S3.wire(), "s3:" + bucket, bucket + "/" + key + "@" + etag);

        JsonPath done = JobsApi.awaitTerminal(awaitRecord(id));
        assertEquals("SUCCEEDED", done.getString("state"));
        assertEquals("s3", done.getString("source"));
        assertEquals("a 1-second clip, slow push in", done.getString("prompt"));
        assertEquals(
                List.of("job.queued", "job.started", "job.succeeded"),
                events.typesFor(id, "job.succeeded", Duration.ofSeconds(10)));

        assertEquals(etag, put(key, photo, "a 1-second clip, slow push in"), "same bytes, same ETag");
        String changed = put(key, TestImages.jpeg(600, 480), "a 1-second clip");
        assertNotEquals(etag, changed);
        String second = JobIds.derived("job", JobSource.S3.wire(), "s3:" + bucket, bucket + "/" + key + "@" + changed);
        assertEquals("SUCCEEDED", JobsApi.awaitTerminal(awaitRecord(second)).getString("state"));
        assertEquals(
                List.of("job.queued", "job.started", "job.succeeded"),
                events.typesFor(id, "never", Duration.ofSeconds(2)),
                "the re-put of the same object is the same, finished job");
    }

    @Test
    void messageOnIntakeQueueBecomesAJobAndABadOneIsLeftForItsDeadLetterQueue() throws Exception {
        String intake =
                sqs.getQueueUrl(b -> b.queueName(worker.local().intakeQueue())).queueUrl();
        String order = "order-" + UUID.randomUUID();
        String good = json.writeValueAsString(Map.of(
                "version",
                1,
                "idempotencyKey",
                order,
                "prompt",
                "a 1-second clip",
                "images",
                List.of(Map.of(
                        "name", "a.jpg", "data", Base64.getEncoder().encodeToString(TestImages.jpeg(320, 240))))));
        sqs.sendMessage(b -> b.queueUrl(intake).messageBody("{\"version\":9}"));
        sqs.sendMessage(b -> b.queueUrl(intake).messageBody(good));
        String id = JobIds.derived("job", JobSource.SQS.wire(), "sqs", order);

        JsonPath done = JobsApi.awaitTerminal(awaitRecord(id));
        assertEquals("SUCCEEDED", done.getString("state"));
        assertEquals("sqs", done.getString("source"));
        // reported as a batch item failure: not deleted, it comes back and, after three receives, goes to the DLQ
        String inFlight = sqs.getQueueAttributes(b -> b.queueUrl(intake)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
        assertEquals("1", inFlight);
        String redrive = sqs.getQueueAttributes(
                        b -> b.queueUrl(intake).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                .attributes()
                .get(QueueAttributeName.REDRIVE_POLICY);
        assertTrue(
                redrive.contains(worker.local().intakeQueue() + "-dlq") && redrive.contains("\"maxReceiveCount\":\"3\"")
                        || redrive.contains("\"maxReceiveCount\":3"),
                redrive);
    }

    @Test
    void submissionsThatEndInTheIntakeDeadLetterQueueBecomeFailedJobsWithAnEventAndAreListed() throws Exception {
        String intake =
                sqs.getQueueUrl(b -> b.queueName(worker.local().intakeQueue())).queueUrl();
        // one-second receives, so the three the redrive policy allows pass quickly
        sqs.setQueueAttributes(b -> b.queueUrl(intake).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1")));
        try {
            String order = "order-" + UUID.randomUUID();
            String withoutImage = json.writeValueAsString(
                    Map.of("version", 1, "idempotencyKey", order, "prompt", "a 1-second clip", "images", List.of()));
            sqs.sendMessage(b -> b.queueUrl(intake).messageBody(withoutImage));
            String garbled = sqs.sendMessage(b -> b.queueUrl(intake).messageBody("this is not JSON"))
                    .messageId();
            String noImage = JobIds.derived("job", JobSource.SQS.wire(), "sqs", order);
            String unreadable = JobIds.derived("job", JobSource.SQS.wire(), "sqs", garbled);

            JsonPath first = JobsApi.awaitTerminal(awaitRecord(noImage, Duration.ofSeconds(90)));
            assertEquals("FAILED", first.getString("state"));
            assertEquals("missing_image", first.getString("error.code"));
            assertEquals("sqs", first.getString("source"));
            assertEquals("a 1-second clip", first.getString("prompt"));
            JsonPath second = JobsApi.awaitTerminal(awaitRecord(unreadable, Duration.ofSeconds(90)));
            assertEquals("FAILED", second.getString("state"));
            assertEquals("invalid_request", second.getString("error.code"));
            assertEquals(List.of("job.failed"), events.typesFor(noImage, "job.failed", Duration.ofSeconds(10)));
            assertEquals(List.of("job.failed"), events.typesFor(unreadable, "job.failed", Duration.ofSeconds(10)));

            List<String> listed = RestAssured.given()
                    .get("/v1/jobs?source=sqs&state=FAILED&limit=100")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("jobs.id", String.class);
            assertTrue(listed.containsAll(List.of(noImage, unreadable)), "found without knowing the ids: " + listed);
        } finally {
            sqs.setQueueAttributes(
                    b -> b.queueUrl(intake).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30")));
        }
    }

    @Test
    void jobsFromTheInboxAndTheIntakeQueueAreFoundThroughTheListing() throws Exception {
        String bucket = config.storage().bucket();
        String key = "inbox/listing/" + UUID.randomUUID() + ".jpg";
        String etag = put(key, TestImages.jpeg(320, 240), "a 1-second clip");
        String fromS3 = JobIds.derived("job", JobSource.S3.wire(), "s3:" + bucket, bucket + "/" + key + "@" + etag);
        String order = "order-" + UUID.randomUUID();
        String intake =
                sqs.getQueueUrl(b -> b.queueName(worker.local().intakeQueue())).queueUrl();
        String submission = json.writeValueAsString(Map.of(
                "version",
                1,
                "idempotencyKey",
                order,
                "prompt",
                "a 1-second clip",
                "images",
                List.of(Map.of(
                        "name", "a.jpg", "data", Base64.getEncoder().encodeToString(TestImages.jpeg(320, 240))))));
        sqs.sendMessage(b -> b.queueUrl(intake).messageBody(submission));
        String fromSqs = JobIds.derived("job", JobSource.SQS.wire(), "sqs", order);
        awaitRecord(fromS3, Duration.ofSeconds(30));
        awaitRecord(fromSqs, Duration.ofSeconds(30));

        JsonPath s3Jobs = RestAssured.given()
                .get("/v1/jobs?source=s3&limit=100")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertTrue(s3Jobs.getList("jobs.id", String.class).contains(fromS3), s3Jobs.prettify());
        s3Jobs.getList("jobs.source", String.class).forEach(source -> assertEquals("s3", source));
        JsonPath sqsJobs = RestAssured.given()
                .get("/v1/jobs?source=sqs&limit=100")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertTrue(sqsJobs.getList("jobs.id", String.class).contains(fromSqs), sqsJobs.prettify());
        sqsJobs.getList("jobs.source", String.class).forEach(source -> assertEquals("sqs", source));
        assertEquals("SUCCEEDED", JobsApi.awaitTerminal(fromS3).getString("state"));
        assertEquals("SUCCEEDED", JobsApi.awaitTerminal(fromSqs).getString("state"));
    }

    private String put(String key, byte[] bytes, String prompt) {
        return s3.putObject(
                        b -> b.bucket(config.storage().bucket()).key(key).metadata(Map.of("prompt", prompt)),
                        RequestBody.fromBytes(bytes))
                .eTag()
                .replace("\"", "");
    }

    /** The trigger runs asynchronously, as on AWS: wait for the job record to appear. */
    private String awaitRecord(String id) throws InterruptedException {
        return awaitRecord(id, Duration.ofSeconds(30));
    }

    private String awaitRecord(String id, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (jobs.status(id).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no job " + id + " after " + wait.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
        return id;
    }
}
