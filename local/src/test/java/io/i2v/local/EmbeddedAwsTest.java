package io.i2v.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The embedded S3 sends S3 event notifications to SQS, the way a bucket notification does on AWS. */
class EmbeddedAwsTest {
    private static EmbeddedAws aws;
    private static S3Client s3;
    private static SqsClient sqs;
    private static String events;

    @BeforeAll
    static void start() throws Exception {
        aws = EmbeddedAws.start(Files.createTempDirectory("i2v-embedded-aws"));
        aws.createBucket("photos");
        events = aws.createQueue("photo-events", 30, 5);
        aws.notifyObjectCreated("photos", "inbox/", "photo-events");
        s3 = aws.s3Client();
        sqs = aws.sqsClient();
    }

    @AfterAll
    static void stop() {
        s3.close();
        sqs.close();
        aws.close();
    }

    @Test
    void putUnderInboxSendsS3EventWithEncodedKeySizeAndEtag() {
        String etag = s3.putObject(
                        b -> b.bucket("photos").key("inbox/summer campaign/hero shot.jpg"),
                        RequestBody.fromString("not really a photo"))
                .eTag()
                .replace("\"", "");

        String event = receiveOne();
        assertTrue(event.contains("\"eventSource\":\"aws:s3\""), event);
        assertTrue(event.contains("\"eventName\":\"ObjectCreated:Put\""), event);
        assertTrue(event.contains("\"bucket\":{\"name\":\"photos\""), event);
        assertTrue(event.contains("\"key\":\"inbox/summer+campaign/hero+shot.jpg\""), event);
        assertTrue(event.contains("\"size\":18"), event);
        assertEquals(etag, field(event, "eTag"));
    }

    @Test
    void samePutAgainCarriesTheSameEtagAndNewContentANewOne() {
        s3.putObject(b -> b.bucket("photos").key("inbox/again.jpg"), RequestBody.fromString("one"));
        s3.putObject(b -> b.bucket("photos").key("inbox/again.jpg"), RequestBody.fromString("one"));
        s3.putObject(b -> b.bucket("photos").key("inbox/again.jpg"), RequestBody.fromString("two"));

        List<String> etags =
                List.of(field(receiveOne(), "eTag"), field(receiveOne(), "eTag"), field(receiveOne(), "eTag"));
        assertEquals(etags.get(0), etags.get(1));
        assertTrue(!etags.get(0).equals(etags.get(2)), "new content must carry a new ETag: " + etags);
    }

    @Test
    void multipartUploadAndCopyIntoInboxAreEventsTooButOtherPrefixesAreNot() {
        s3.putObject(b -> b.bucket("photos").key("results/video.mp4"), RequestBody.fromString("elsewhere"));
        String upload = s3.createMultipartUpload(b -> b.bucket("photos").key("inbox/big.jpg"))
                .uploadId();
        String part = s3.uploadPart(
                        b -> b.bucket("photos")
                                .key("inbox/big.jpg")
                                .uploadId(upload)
                                .partNumber(1),
                        RequestBody.fromBytes(new byte[1024]))
                .eTag();
        s3.completeMultipartUpload(b -> b.bucket("photos")
                .key("inbox/big.jpg")
                .uploadId(upload)
                .multipartUpload(m ->
                        m.parts(CompletedPart.builder().partNumber(1).eTag(part).build())));
        String multipart = receiveOne();
        s3.copyObject(b -> b.sourceBucket("photos")
                .sourceKey("results/video.mp4")
                .destinationBucket("photos")
                .destinationKey("inbox/copied.jpg"));
        String copied = receiveOne();

        assertTrue(multipart.contains("\"eventName\":\"ObjectCreated:CompleteMultipartUpload\""), multipart);
        assertTrue(multipart.contains("\"key\":\"inbox/big.jpg\""), multipart);
        assertTrue(copied.contains("\"eventName\":\"ObjectCreated:Copy\""), copied);
        assertTrue(copied.contains("\"key\":\"inbox/copied.jpg\""), copied);
        assertTrue(
                sqs.receiveMessage(b -> b.queueUrl(events).waitTimeSeconds(1))
                        .messages()
                        .isEmpty(),
                "nothing for results/");
    }

    @Test
    void busyFixedPortIsReportedWithTheOptionToChangeIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> EmbeddedAws.start(
                            Files.createTempDirectory("i2v-busy"),
                            new EmbeddedAws.Options(0, taken.getLocalPort(), false, List.of())));
            assertTrue(
                    e.getMessage().contains("SQS port " + taken.getLocalPort() + " on 127.0.0.1 is in use"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("--sqs-port"), e.getMessage());
        }
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> EmbeddedAws.start(
                            Files.createTempDirectory("i2v-busy"),
                            new EmbeddedAws.Options(taken.getLocalPort(), 0, false, List.of())));
            assertTrue(e.getMessage().contains("--s3-port"), e.getMessage());
        }
    }

    private static String receiveOne() {
        for (int i = 0; i < 10; i++) {
            List<Message> got = sqs.receiveMessage(
                            b -> b.queueUrl(events).maxNumberOfMessages(1).waitTimeSeconds(2))
                    .messages();
            if (!got.isEmpty()) {
                sqs.deleteMessage(
                        b -> b.queueUrl(events).receiptHandle(got.get(0).receiptHandle()));
                return got.get(0).body();
            }
        }
        throw new AssertionError("no S3 event arrived");
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
