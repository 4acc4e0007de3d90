package io.i2v.function.events;

import static io.restassured.RestAssured.given;

import io.i2v.core.testing.EmbeddedAwsResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** What the event tests look at: the bucket, the queues, and the Lambda runtime's mock event server. */
final class AwsFixture {
    private AwsFixture() {}

    static JsonPath invoke(String event) {
        String reply = given().contentType(ContentType.JSON)
                .body(event)
                .post("http://localhost:8081/_lambda_")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return reply.isBlank() || !reply.trim().startsWith("{") ? JsonPath.from("{}") : JsonPath.from(reply);
    }

    static List<String> keys(S3Client s3, String prefix) {
        return s3.listObjectsV2(b -> b.bucket(EmbeddedAwsResource.BUCKET).prefix(prefix)).contents().stream()
                .map(S3Object::key)
                .sorted()
                .toList();
    }

    static List<String> statusKeys(S3Client s3) {
        return keys(s3, "jobs/").stream()
                .filter(k -> k.endsWith("/status.json"))
                .toList();
    }

    static List<Message> drain(SqsClient sqs, String queueName) {
        String url = sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl();
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(
                            b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
            batch.forEach(m -> sqs.deleteMessage(d -> d.queueUrl(url).receiptHandle(m.receiptHandle())));
        }
    }
}
