package io.i2v.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Durable queues at the process level: the stack runs in its own JVM, is killed with SIGKILL, and
 * started again on the same state directory; waiting, in-flight and delayed messages are all there.
 */
class DurableQueuesProcessTest {
    private Process stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.destroyForcibly();
        }
    }

    @Test
    void waitingInFlightDelayedAndDeadLetteredMessagesAndS3EventsSurviveKillNine() throws Exception {
        Path dir = Files.createTempDirectory("i2v-durable");
        URI[] endpoints = startStack(dir);
        String inFlight;
        try (SqsClient sqs = sqs(endpoints[1]);
                S3Client s3 = s3(endpoints[0])) {
            String jobs = sqs.createQueue(
                            b -> b.queueName("jobs").attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "3")))
                    .queueUrl();
            for (String body : List.of("job-1", "job-2", "job-3")) {
                sqs.sendMessage(b -> b.queueUrl(jobs).messageBody(body));
            }
            sqs.sendMessage(b -> b.queueUrl(jobs).messageBody("retry-later").delaySeconds(2));
            inFlight = sqs.receiveMessage(b -> b.queueUrl(jobs).maxNumberOfMessages(1))
                    .messages()
                    .get(0)
                    .body();
            String intakeDlq = sqs.createQueue(b -> b.queueName("intake-dlq")).queueUrl();
            String dlqArn = sqs.getQueueAttributes(
                            b -> b.queueUrl(intakeDlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes()
                    .get(QueueAttributeName.QUEUE_ARN);
            String intake = sqs.createQueue(b -> b.queueName("intake")
                            .attributes(Map.of(
                                    QueueAttributeName.REDRIVE_POLICY,
                                    "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"2\"}")))
                    .queueUrl();
            sqs.sendMessage(b -> b.queueUrl(intake).messageBody("poison"));
            for (int i = 0; i < 3; i++) { // received twice and not deleted: the third receive moves it to the DLQ
                sqs.receiveMessage(b -> b.queueUrl(intake).visibilityTimeout(0).waitTimeSeconds(1));
            }
            s3.putObject(b -> b.bucket(DurableAwsProcess.BUCKET).key("inbox/a.jpg"), RequestBody.fromString("a"));
            String owned = sqs.createQueue(
                            b -> b.queueName("owned").attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "900")))
                    .queueUrl();
            sqs.sendMessage(b -> b.queueUrl(owned).messageBody("held-by-the-dead-consumer"));
            assertEquals(
                    1, sqs.receiveMessage(b -> b.queueUrl(owned)).messages().size());
        }

        stack.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, nothing flushed on the way out
        endpoints = startStack(dir);

        try (SqsClient sqs = sqs(endpoints[1])) {
            String jobs = sqs.getQueueUrl(b -> b.queueName("jobs")).queueUrl();
            Map<String, String> receiveCounts = new TreeMap<>();
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(jobs)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1)
                            .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                            .visibilityTimeout(0))
                    .messages()) {
                receiveCounts.put(m.body(), m.attributesAsStrings().get("ApproximateReceiveCount"));
            }
            assertEquals("2", receiveCounts.get(inFlight), "received before the kill and now: " + receiveCounts);
            receiveCounts.keySet().stream()
                    .filter(b -> !b.equals(inFlight))
                    .forEach(b ->
                            assertEquals("1", receiveCounts.get(b), "a restart is not a receive: " + receiveCounts));
            Set<String> bodies = new TreeSet<>(drain(sqs, jobs, 5, 15));
            assertEquals(
                    Set.of("job-1", "job-2", "job-3", "retry-later"),
                    bodies,
                    "every message, the one in flight (" + inFlight + ") and the delayed one included");
            String inbox = sqs.getQueueUrl(b -> b.queueName(DurableAwsProcess.INBOX_EVENTS))
                    .queueUrl();
            List<String> events = drain(sqs, inbox, 1, 5);
            assertEquals(1, events.size());
            assertTrue(events.get(0).contains("\"key\":\"inbox/a.jpg\""), events.get(0));
            String intake = sqs.getQueueUrl(b -> b.queueName("intake")).queueUrl();
            assertEquals(List.of(), drain(sqs, intake, 1, 2), "a message moved to the DLQ stays moved");
            String intakeDlq = sqs.getQueueUrl(b -> b.queueName("intake-dlq")).queueUrl();
            assertEquals(List.of("poison"), drain(sqs, intakeDlq, 2, 3));
            sqs.sendMessage(b -> b.queueUrl(jobs).messageBody("after-restart"));
            String owned = sqs.getQueueUrl(b -> b.queueName("owned")).queueUrl();
            assertEquals(
                    List.of("held-by-the-dead-consumer"),
                    drain(sqs, owned, 1, 3),
                    "in flight on a queue released at start: visible at once, not after its 15 minutes");
        }

        stack.destroyForcibly().waitFor(); // and again: the store still writes after the restart
        endpoints = startStack(dir);
        try (SqsClient sqs = sqs(endpoints[1])) {
            String jobs = sqs.getQueueUrl(b -> b.queueName("jobs")).queueUrl();
            assertEquals(List.of("after-restart"), drain(sqs, jobs, 1, 5));
        }
    }

    private URI[] startStack(Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        stack = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        DurableAwsProcess.class.getName(),
                        dir.toString())
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(stack.getInputStream()));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("ready ")) {
                String[] parts = line.split(" ");
                Thread drainer = new Thread(() -> out.lines().forEach(l -> {}));
                drainer.setDaemon(true);
                drainer.start();
                return new URI[] {URI.create(parts[1]), URI.create(parts[2])};
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the stack did not start:\n" + seen);
    }

    private static List<String> drain(SqsClient sqs, String url, int expected, int seconds) {
        List<String> bodies = new ArrayList<>();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (bodies.size() < expected && System.nanoTime() < deadline) {
            for (Message m : sqs.receiveMessage(
                            b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages()) {
                bodies.add(m.body());
                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
        return bodies;
    }

    private static SqsClient sqs(URI endpoint) {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(EmbeddedAws.REGION))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(credentials())
                .build();
    }

    private static S3Client s3(URI endpoint) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.of(EmbeddedAws.REGION))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(credentials())
                .build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(EmbeddedAws.ACCESS_KEY, EmbeddedAws.SECRET_KEY));
    }
}
