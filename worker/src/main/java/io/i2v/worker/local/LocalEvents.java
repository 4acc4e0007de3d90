package io.i2v.worker.local;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The Lambda event types the local triggers hand to the handlers, made the way the Lambda
 * runtime makes them: an S3 event read from the S3 event notification JSON (the {@code Records}
 * document S3 sends to SQS), an SQS event from received messages.
 */
final class LocalEvents {
    private final ObjectMapper json;

    LocalEvents(ObjectMapper json) {
        this.json = json;
    }

    S3Event s3Event(String notification) {
        JsonNode root;
        try {
            root = json.readTree(notification);
        } catch (IOException e) {
            throw new UncheckedIOException("not an S3 event notification", e);
        }
        if (!root.path("Records").isArray()) {
            throw new IllegalArgumentException("not an S3 event notification (no Records)");
        }
        List<S3EventNotification.S3EventNotificationRecord> records = new ArrayList<>();
        for (JsonNode r : root.path("Records")) {
            JsonNode s3 = r.path("s3");
            JsonNode bucket = s3.path("bucket");
            JsonNode object = s3.path("object");
            records.add(new S3EventNotification.S3EventNotificationRecord(
                    text(r, "awsRegion"),
                    text(r, "eventName"),
                    text(r, "eventSource"),
                    text(r, "eventTime"),
                    text(r, "eventVersion"),
                    new S3EventNotification.RequestParametersEntity(
                            text(r.path("requestParameters"), "sourceIPAddress")),
                    new S3EventNotification.ResponseElementsEntity(
                            text(r.path("responseElements"), "x-amz-id-2"),
                            text(r.path("responseElements"), "x-amz-request-id")),
                    new S3EventNotification.S3Entity(
                            text(s3, "configurationId"),
                            new S3EventNotification.S3BucketEntity(
                                    text(bucket, "name"),
                                    new S3EventNotification.UserIdentityEntity(
                                            text(bucket.path("ownerIdentity"), "principalId")),
                                    text(bucket, "arn")),
                            new S3EventNotification.S3ObjectEntity(
                                    text(object, "key"),
                                    object.has("size") ? object.get("size").asLong() : null,
                                    text(object, "eTag"),
                                    text(object, "versionId"),
                                    text(object, "sequencer")),
                            text(s3, "s3SchemaVersion")),
                    new S3EventNotification.UserIdentityEntity(text(r.path("userIdentity"), "principalId"))));
        }
        return new S3Event(records);
    }

    SQSEvent sqsEvent(List<Message> messages, String queueArn) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
            r.setMessageId(m.messageId());
            r.setReceiptHandle(m.receiptHandle());
            r.setBody(m.body());
            r.setMd5OfBody(m.md5OfBody());
            Map<String, String> attributes = new HashMap<>();
            m.attributesAsStrings().forEach(attributes::put);
            r.setAttributes(attributes);
            Map<String, SQSEvent.MessageAttribute> messageAttributes = new HashMap<>();
            m.messageAttributes().forEach((name, value) -> {
                SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
                a.setDataType(value.dataType());
                a.setStringValue(value.stringValue());
                messageAttributes.put(name, a);
            });
            r.setMessageAttributes(messageAttributes);
            r.setEventSource("aws:sqs");
            r.setEventSourceArn(queueArn);
            r.setAwsRegion(queueArn.split(":")[3]);
            records.add(r);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
