package io.i2v.function.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.testing.EmbeddedAwsResource;
import io.i2v.core.testing.Fixtures;
import io.i2v.core.testing.TestImages;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The SQS trigger, fed real SQS event JSON: bad messages fail alone, good ones go through once. */
@QuarkusTest
@TestProfile(SqsIntakeHandlerTest.SqsHandler.class)
@QuarkusTestResource(EmbeddedAwsResource.class)
class SqsIntakeHandlerTest {
    public static class SqsHandler implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "sqs");
        }
    }

    @Inject
    S3Client s3;

    @Inject
    SqsClient sqs;

    @Inject
    ObjectMapper json;

    @Test
    void invalidMessageIsReportedAsBatchItemFailureWhileValidOnesBecomeJobs() throws Exception {
        AwsFixture.drain(sqs, EmbeddedAwsResource.JOBS);
        String image = Base64.getEncoder().encodeToString(TestImages.jpeg(320, 240));
        String good = json.writeValueAsString(Map.of(
                "version", 1, "prompt", "zoom in slowly", "images", List.of(Map.of("data", image, "name", "a.jpg"))));
        String unknownVersion = json.writeValueAsString(
                Map.of("version", 9, "prompt", "zoom", "images", List.of(Map.of("data", image))));
        String alsoGood = json.writeValueAsString(Map.of(
                "version",
                1,
                "idempotencyKey",
                "order-" + UUID.randomUUID(),
                "images",
                List.of(Map.of("data", image))));
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
                        escaped(good),
                        "id2",
                        ids[1],
                        "body2",
                        escaped(unknownVersion),
                        "id3",
                        ids[2],
                        "body3",
                        escaped(alsoGood)));
        int before = AwsFixture.statusKeys(s3).size();

        JsonPath reply = AwsFixture.invoke(event);

        assertEquals(List.of(ids[1]), reply.getList("batchItemFailures.itemIdentifier"));
        assertEquals(before + 2, AwsFixture.statusKeys(s3).size());
        assertEquals(2, AwsFixture.drain(sqs, EmbeddedAwsResource.JOBS).size());

        // Lambda redelivers the whole batch after a timeout: the good messages stay one job each.
        AwsFixture.invoke(event);
        assertEquals(before + 2, AwsFixture.statusKeys(s3).size());
        assertEquals(0, AwsFixture.drain(sqs, EmbeddedAwsResource.JOBS).size());
    }

    @Test
    void messageThatIsNotJsonFailsAlone() throws Exception {
        String image = Base64.getEncoder().encodeToString(TestImages.jpeg(64, 64));
        String good = json.writeValueAsString(Map.of("version", 1, "images", List.of(Map.of("data", image))));
        String[] ids = {
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString()
        };
        JsonPath reply = AwsFixture.invoke(Fixtures.event(
                "sqs-three-submissions.json",
                Map.of(
                        "id1",
                        ids[0],
                        "body1",
                        escaped("<xml>nope</xml>"),
                        "id2",
                        ids[1],
                        "body2",
                        escaped(good),
                        "id3",
                        ids[2],
                        "body3",
                        escaped(json.writeValueAsString(Map.of("version", 1))))));
        assertEquals(List.of(ids[0], ids[2]), reply.getList("batchItemFailures.itemIdentifier"));
    }

    private String escaped(String body) throws Exception {
        String quoted = json.writeValueAsString(body);
        return quoted.substring(1, quoted.length() - 1);
    }
}
