package io.i2v.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.config.JsonSetup;
import io.i2v.core.job.ImageRef;
import io.i2v.core.job.JobOptions;
import io.i2v.core.job.JobRequest;
import io.i2v.core.job.JobRequestCodec;
import io.i2v.core.job.JobSource;
import io.i2v.core.job.JobState;
import io.i2v.core.job.JobStatus;
import io.i2v.core.storage.S3Keys;
import io.i2v.core.testing.TestImages;
import io.i2v.local.EmbeddedAws;
import io.i2v.worker.cli.WorkerJvm;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The packaged worker as a process, against S3/SQS servers it does not own: SIGTERM during a
 * render hands the job back at once, and a second worker finishes it with one success.
 */
class GracefulShutdownIT {
    private static final String BUCKET = "i2v-it";
    private final ObjectMapper json = JsonSetup.newMapper();
    private EmbeddedAws aws;
    private S3Client s3;
    private SqsClient sqs;
    private String jobsUrl;
    private final List<Process> workers = new ArrayList<>();

    @BeforeEach
    void startServers() throws Exception {
        aws = EmbeddedAws.start(Files.createTempDirectory("i2v-shutdown-it"));
        aws.createBucket(BUCKET);
        jobsUrl = aws.createQueue("it-jobs", 900, 4);
        aws.createQueue("it-events.fifo", 30, 5);
        aws.createQueue("it-webhooks", 60, 10);
        s3 = aws.s3Client();
        sqs = aws.sqsClient();
    }

    @AfterEach
    void stopAll() {
        workers.forEach(Process::destroyForcibly);
        aws.close();
    }

    @Test
    void sigtermHandsTheRunningJobBackAtOnceAndAnotherWorkerFinishesIt() throws Exception {
        String jobId = submit();
        Process first = worker("first");
        JobStatus running = awaitStatus(
                jobId, s -> s.state() instanceof JobState.Running r && r.progress() >= 10, Duration.ofSeconds(90));
        assertTrue(running.attempts() >= 1);

        first.destroy(); // SIGTERM
        assertTrue(first.waitFor(60, TimeUnit.SECONDS), "worker did not stop");
        long stoppedAt = System.nanoTime();

        // the message is visible again right away, not after the five-minute visibility extension
        while (visible() == 0
                && System.nanoTime() - stoppedAt < Duration.ofSeconds(5).toNanos()) {
            Thread.sleep(100);
        }
        assertEquals(1, visible(), "job message not handed back; log:\n" + log("first"));
        JobStatus handedBack = status(jobId);
        assertEquals("QUEUED", handedBack.state().name(), log("first"));
        assertTrue(
                handedBack.messages().stream().anyMatch(m -> m.contains("handed back")),
                handedBack.messages().toString());

        worker("second");
        JobStatus done = awaitStatus(jobId, s -> s.state().terminal(), Duration.ofSeconds(120));
        assertEquals("SUCCEEDED", done.state().name(), log("second"));
        assertEquals(1, successEvents(jobId), "exactly one job.succeeded event");
        assertTrue(log("second").contains("started (delivery 2"), log("second"));
    }

    private String submit() throws Exception {
        String jobId = "job_" + randomTail();
        String key = "uploads/it/photo.jpg";
        s3.putObject(
                b -> b.bucket(BUCKET).key(key).contentType("image/jpeg"),
                RequestBody.fromBytes(TestImages.jpeg(2400, 1600)));
        JobRequest request = new JobRequest(
                JobRequest.VERSION,
                jobId,
                JobSource.HTTP,
                Instant.now(),
                "a 10-second 1080p clip, slow zoom in",
                List.of(ImageRef.stored(key, "photo.jpg", "JPEG", 1)),
                JobOptions.none(),
                null,
                "it",
                null);
        String body = new JobRequestCodec(json).encode(request);
        s3.putObject(b -> b.bucket(BUCKET).key(S3Keys.request(jobId)), RequestBody.fromString(body));
        s3.putObject(
                b -> b.bucket(BUCKET).key(S3Keys.status(jobId)),
                RequestBody.fromBytes(json.writeValueAsBytes(JobStatus.queued(request, Instant.now()))));
        sqs.sendMessage(b -> b.queueUrl(jobsUrl).messageBody(body));
        return jobId;
    }

    private static String randomTail() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        StringBuilder sb = new StringBuilder();
        Random random = new SecureRandom();
        for (int i = 0; i < 26; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private Process worker(String name) throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), "package the worker first");
        ProcessBuilder pb = new ProcessBuilder(WorkerJvm.command(List.of("-jar", jar.toString())));
        pb.environment()
                .putAll(Map.of(
                        "I2V_STORAGE_BUCKET",
                        BUCKET,
                        "I2V_QUEUES_JOBS",
                        "it-jobs",
                        "I2V_QUEUES_EVENTS",
                        "it-events.fifo",
                        "I2V_QUEUES_WEBHOOKS",
                        "it-webhooks",
                        "I2V_AWS_S3_ENDPOINT",
                        aws.s3Endpoint().toString(),
                        "I2V_AWS_SQS_ENDPOINT",
                        aws.sqsEndpoint().toString(),
                        "I2V_AWS_ACCESS_KEY_ID",
                        EmbeddedAws.ACCESS_KEY,
                        "I2V_AWS_SECRET_ACCESS_KEY",
                        EmbeddedAws.SECRET_KEY,
                        "QUARKUS_HTTP_PORT",
                        "0"));
        pb.redirectErrorStream(true).redirectOutput(logFile(name));
        Process p = pb.start();
        workers.add(p);
        return p;
    }

    private File logFile(String name) {
        return Path.of("target", "shutdown-it-" + name + ".log").toFile();
    }

    private String log(String name) {
        try {
            return Files.readString(logFile(name).toPath());
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private JobStatus status(String jobId) throws Exception {
        return json.readValue(
                s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(S3Keys.status(jobId)))
                        .asByteArray(),
                JobStatus.class);
    }

    private JobStatus awaitStatus(String jobId, Predicate<JobStatus> done, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        JobStatus s = status(jobId);
        while (!done.test(s)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "job still " + s.state() + "\nfirst:\n" + log("first") + "\nsecond:\n" + log("second"));
            }
            Thread.sleep(200);
            s = status(jobId);
        }
        return s;
    }

    private int visible() {
        return Integer.parseInt(sqs.getQueueAttributes(
                        b -> b.queueUrl(jobsUrl).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private long successEvents(String jobId) throws Exception {
        String url = sqs.getQueueUrl(b -> b.queueName("it-events.fifo")).queueUrl();
        long count = 0;
        for (int round = 0; round < 5; round++) {
            var messages = sqs.receiveMessage(
                            b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            for (var m : messages) {
                JsonNode e = json.readTree(m.body());
                if (e.get("jobId").asText().equals(jobId)
                        && e.get("type").asText().equals("job.succeeded")) {
                    count++;
                }
            }
        }
        return count;
    }
}
