package io.i2v.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.config.JsonSetup;
import io.i2v.core.testing.TestImages;
import io.i2v.local.EmbeddedAws;
import io.i2v.worker.cli.WorkerJvm;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code ./i2v serve} as a user runs it (the packaged jar, its own state directory), killed with
 * SIGKILL while jobs wait and one runs, then started again on the same state directory: every
 * job succeeds, each with one stored result and one job.succeeded event.
 */
class LocalServeRestartIT {
    private static final Pattern API = Pattern.compile("HTTP API\\s+(http://\\S+)");
    private final ObjectMapper json = JsonSetup.newMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(Process::destroyForcibly);
    }

    @Test
    void killNineWithJobsQueuedAndRunningLosesNoneAndDoesNoneTwice() throws Exception {
        Path state = Files.createTempDirectory("i2v-serve-it");
        int s3Port = freePort();
        int sqsPort = freePort();
        String api = serve(state, s3Port, sqsPort, "first");
        List<String> ids = new ArrayList<>();
        String image = Base64.getEncoder().encodeToString(TestImages.jpeg(640, 480));
        for (int i = 0; i < 4; i++) {
            ids.add(json.readTree(post(
                            api + "/v1/jobs",
                            json.writeValueAsString(Map.of(
                                    "prompt",
                                    "a 2-second clip",
                                    "images",
                                    List.of(Map.of("name", "p.jpg", "data", image))))))
                    .get("id")
                    .asText());
        }
        awaitState(api, ids.get(0), "RUNNING", Duration.ofSeconds(120));

        servers.get(0).destroyForcibly().waitFor(); // SIGKILL: nothing handed back, nothing flushed
        api = serve(state, s3Port, sqsPort, "second");

        for (String id : ids) {
            assertEquals("SUCCEEDED", awaitState(api, id, "SUCCEEDED", Duration.ofSeconds(240)), log("second"));
        }
        Map<String, Integer> successes = successEvents(sqsPort);
        try (S3Client s3 = s3(s3Port)) {
            for (String id : ids) {
                assertEquals(1, successes.getOrDefault(id, 0), "job.succeeded events of " + id + ": " + successes);
                assertEquals(
                        1,
                        s3.listObjectsV2(b -> b.bucket("i2v").prefix("results/" + id + "/video"))
                                .keyCount(),
                        "one stored video for " + id);
            }
        }
    }

    private String serve(Path state, int s3Port, int sqsPort, String name) throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), "package the worker first");
        List<String> args = new ArrayList<>(List.of(
                "-Di2v.worker.local.dir=" + state,
                "-jar",
                jar.toString(),
                "serve",
                "--port",
                "0",
                "--s3-port",
                Integer.toString(s3Port),
                "--sqs-port",
                Integer.toString(sqsPort)));
        ProcessBuilder pb = new ProcessBuilder(WorkerJvm.command(args));
        pb.redirectErrorStream(true).redirectOutput(logFile(name).toFile());
        Process p = pb.start();
        servers.add(p);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = API.matcher(log(name));
            if (m.find()) {
                return m.group(1);
            }
            assertTrue(p.isAlive(), "serve exited:\n" + log(name));
            Thread.sleep(200);
        }
        throw new AssertionError("serve did not print its endpoints:\n" + log(name));
    }

    private String post(String url, String body) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, r.statusCode(), r.body());
        return r.body();
    }

    private String awaitState(String api, String id, String wanted, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        String state = "?";
        while (System.nanoTime() < deadline) {
            state = json.readTree(http.send(
                                    HttpRequest.newBuilder(URI.create(api + "/v1/jobs/" + id))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body())
                    .path("state")
                    .asText();
            if (state.equals(wanted)
                    || List.of("SUCCEEDED", "FAILED", "CANCELED").contains(state)) {
                return state;
            }
            Thread.sleep(250);
        }
        return state;
    }

    private Map<String, Integer> successEvents(int sqsPort) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        try (SqsClient sqs = SqsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + sqsPort))
                .region(Region.of(EmbeddedAws.REGION))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(credentials())
                .build()) {
            String url = sqs.getQueueUrl(b -> b.queueName("i2v-events.fifo")).queueUrl();
            for (int empty = 0; empty < 3; ) {
                var messages = sqs.receiveMessage(
                                b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                        .messages();
                empty = messages.isEmpty() ? empty + 1 : 0;
                for (var m : messages) {
                    JsonNode e = json.readTree(m.body());
                    if (e.get("type").asText().equals("job.succeeded")) {
                        counts.merge(e.get("jobId").asText(), 1, Integer::sum);
                    }
                    sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
                }
            }
        }
        return counts;
    }

    private static S3Client s3(int port) {
        return S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
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

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Path logFile(String name) {
        return Path.of("target", "serve-restart-it-" + name + ".log");
    }

    private static String log(String name) {
        try {
            return Files.readString(logFile(name));
        } catch (IOException e) {
            return "";
        }
    }
}
