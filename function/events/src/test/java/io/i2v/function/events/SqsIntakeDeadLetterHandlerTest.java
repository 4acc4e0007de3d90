package io.i2v.function.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.job.JobIds;
import io.i2v.core.storage.S3Keys;
import io.i2v.core.testing.EmbeddedAwsResource;
import io.i2v.core.testing.Fixtures;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The intake dead-letter queue's trigger, fed real SQS event JSON: every submission that ended
 * there becomes its FAILED job with the reason and one job.failed event, however often it comes.
 */
@QuarkusTest
@TestProfile(SqsIntakeDeadLetterHandlerTest.DeadLetterHandler.class)
@QuarkusTestResource(EmbeddedAwsResource.class)
class SqsIntakeDeadLetterHandlerTest {
    public static class DeadLetterHandler implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "sqs-dlq");
        }
    }

    @Inject
    S3Client s3;

    @Inject
    SqsClient sqs;

    @Inject
    ObjectMapper json;

    @Test
    void deadLetteredSubmissionsBecomeFailedJobsWithOneJobFailedEventEach() throws Exception {
        AwsFixture.drain(sqs, EmbeddedAwsResource.EVENTS);
        String order = "order-" + UUID.randomUUID();
        String noImage = json.writeValueAsString(
                Map.of("version", 1, "idempotencyKey", order, "prompt", "zoom in", "images", List.of()));
        String unknownVersion = json.writeValueAsString(Map.of("version", 9, "prompt", "zoom"));
        String[] ids = {
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString()
        };
        String event = Fixtures.event(
                "sqs-three-submissions.json",
                Map.of(
                        "id1",
                        ids[0],
                        "body1",
                        escaped(noImage),
                        "id2",
                        ids[1],
                        "body2",
                        escaped(unknownVersion),
                        "id3",
                        ids[2],
                        "body3",
                        escaped("<xml>nope</xml>")));
        List<String> jobIds = List.of(
                JobIds.derived("job", "sqs", "sqs", order),
                JobIds.derived("job", "sqs", "sqs", ids[1]),
                JobIds.derived("job", "sqs", "sqs", ids[2]));

        JsonPath reply = AwsFixture.invoke(event);

        assertEquals(List.of(), reply.getList("batchItemFailures"), "all settled: the queue deletes them");
        List<String> codes = new ArrayList<>();
        for (String id : jobIds) {
            JsonNode status = json.readTree(s3.getObjectAsBytes(
                            b -> b.bucket(EmbeddedAwsResource.BUCKET).key(S3Keys.status(id)))
                    .asByteArray());
            assertEquals("FAILED", status.path("state").path("name").asText(), status.toString());
            assertEquals("sqs", status.path("source").asText());
            codes.add(status.path("state").path("error").path("code").asText());
        }
        assertEquals(List.of("missing_image", "unsupported_version", "invalid_request"), codes);
        assertEquals(jobIds.stream().sorted().toList(), failedEventJobIds());

        // the DLQ's messages may come again (a timeout, a redrive): still one job and one event each
        AwsFixture.invoke(event);
        assertEquals(List.of(), failedEventJobIds());
        assertTrue(AwsFixture.statusKeys(s3)
                .containsAll(jobIds.stream().map(S3Keys::status).toList()));
    }

    private List<String> failedEventJobIds() throws Exception {
        List<String> ids = new ArrayList<>();
        for (var m : AwsFixture.drain(sqs, EmbeddedAwsResource.EVENTS)) {
            JsonNode e = json.readTree(m.body());
            if ("job.failed".equals(e.path("type").asText())) {
                ids.add(e.path("jobId").asText());
            }
        }
        return ids.stream().sorted().toList();
    }

    private String escaped(String body) throws Exception {
        String quoted = json.writeValueAsString(body);
        return quoted.substring(1, quoted.length() - 1);
    }
}
