package io.i2v.function.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.testing.EmbeddedAwsResource;
import io.i2v.core.testing.Fixtures;
import io.i2v.core.testing.TestImages;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The S3 trigger, fed real S3 event JSON for objects really in the (embedded) bucket. */
@QuarkusTest
@TestProfile(S3UploadHandlerTest.S3Handler.class)
@QuarkusTestResource(EmbeddedAwsResource.class)
class S3UploadHandlerTest {
    public static class S3Handler implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "s3");
        }
    }

    @Inject
    S3Client s3;

    @Inject
    SqsClient sqs;

    @Inject
    ObjectMapper json;

    @BeforeEach
    void clean() {
        AwsFixture.drain(sqs, EmbeddedAwsResource.JOBS);
        AwsFixture.drain(sqs, EmbeddedAwsResource.EVENTS);
    }

    @Test
    void imageInInboxStartsOneJobWithPromptFromMetadataEvenWhenEventRepeats() throws Exception {
        String key = "inbox/summer campaign/hero shot.jpg";
        String etag = put(key, TestImages.jpeg(640, 480), Map.of("prompt", "a 4-second slow push-in"));
        String event = Fixtures.event(
                "s3-object-created.json",
                Map.of(
                        "bucket",
                        EmbeddedAwsResource.BUCKET,
                        "key",
                        "inbox/summer+campaign/hero+shot.jpg",
                        "size",
                        "1234",
                        "etag",
                        etag));
        int before = AwsFixture.statusKeys(s3).size();

        AwsFixture.invoke(event);
        AwsFixture.invoke(event);

        assertEquals(before + 1, AwsFixture.statusKeys(s3).size());
        var messages = AwsFixture.drain(sqs, EmbeddedAwsResource.JOBS);
        assertEquals(1, messages.size(), "a repeated event must not enqueue the job twice");
        JsonNode request = json.readTree(messages.get(0).body());
        assertEquals("s3", request.get("source").asText());
        assertEquals("a 4-second slow push-in", request.get("prompt").asText());
        assertEquals(key, request.get("images").get(0).get("key").asText());
    }

    @Test
    void uploadWithoutPromptGetsTheConfiguredDefault() throws Exception {
        String key = "inbox/plain.png";
        String etag = put(key, TestImages.png(320, 200), Map.of());
        AwsFixture.invoke(Fixtures.event(
                "s3-object-created.json",
                Map.of("bucket", EmbeddedAwsResource.BUCKET, "key", key, "size", "100", "etag", etag)));
        JsonNode request = json.readTree(
                AwsFixture.drain(sqs, EmbeddedAwsResource.JOBS).get(0).body());
        assertEquals(
                "animate this image into a 10-second cinematic video with smooth motion",
                request.get("prompt").asText());
    }

    @Test
    void nonImageUploadBecomesFailedJobWithReasonAndEvent() throws Exception {
        String key = "inbox/notes.jpg";
        String etag = put(key, "meeting notes, definitely not a photo".getBytes(), Map.of());
        AwsFixture.invoke(Fixtures.event(
                "s3-object-created.json",
                Map.of("bucket", EmbeddedAwsResource.BUCKET, "key", key, "size", "37", "etag", etag)));

        assertTrue(AwsFixture.drain(sqs, EmbeddedAwsResource.JOBS).isEmpty());
        List<JsonNode> failed = AwsFixture.drain(sqs, EmbeddedAwsResource.EVENTS).stream()
                .map(m -> read(m.body()))
                .filter(e -> e.get("type").asText().equals("job.failed"))
                .toList();
        assertEquals(1, failed.size());
        assertEquals(
                "unsupported_format", failed.get(0).get("error").get("code").asText());
        String jobId = failed.get(0).get("jobId").asText();
        JsonNode status = read(new String(
                s3.getObjectAsBytes(b -> b.bucket(EmbeddedAwsResource.BUCKET).key("jobs/" + jobId + "/status.json"))
                        .asByteArray()));
        assertEquals("FAILED", status.get("state").get("name").asText());
        assertEquals(
                "unsupported_format",
                status.get("state").get("error").get("code").asText());
    }

    @Test
    void objectsOutsideInboxAreIgnored() {
        int before = AwsFixture.statusKeys(s3).size();
        put("results/whatever/video.mp4", new byte[] {1, 2, 3}, Map.of());
        AwsFixture.invoke(Fixtures.event(
                "s3-object-created.json",
                Map.of(
                        "bucket",
                        EmbeddedAwsResource.BUCKET,
                        "key",
                        "results/whatever/video.mp4",
                        "size",
                        "3",
                        "etag",
                        "abc")));
        assertEquals(before, AwsFixture.statusKeys(s3).size());
    }

    private String put(String key, byte[] bytes, Map<String, String> metadata) {
        return s3.putObject(
                        b -> b.bucket(EmbeddedAwsResource.BUCKET).key(key).metadata(metadata),
                        RequestBody.fromBytes(bytes))
                .eTag()
                .replace("\"", "");
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
