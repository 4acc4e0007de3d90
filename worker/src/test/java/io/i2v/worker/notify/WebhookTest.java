package io.i2v.worker.notify;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import io.i2v.core.job.JobIds;
import io.i2v.core.storage.JobRepository;
import io.i2v.core.testing.TestImages;
import io.i2v.core.webhook.WebhookDelivery;
import io.i2v.core.webhook.WebhookTask;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhooks end to end: a real receiver on loopback, signatures checked with the Standard Webhooks reference code. */
@QuarkusTest
@TestProfile(WebhookProfile.class)
class WebhookTest {
    @Inject
    ObjectMapper json;

    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger gatedRequests = new AtomicInteger();
    private final CountDownLatch gate = new CountDownLatch(1);

    @Inject
    WebhookSender sender;

    @Inject
    JobRepository jobs;

    record Received(Map<String, List<String>> headers, String body, int answered) {}

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
            int status = requests.incrementAndGet() == 1 ? 500 : 204; // the first request fails
            received.add(new Received(headers, body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.createContext("/gated", exchange -> {
            exchange.getRequestBody().readAllBytes();
            int n = gatedRequests.incrementAndGet();
            boolean released = n > 1 || awaitQuietly(gate);
            exchange.sendResponseHeaders(n == 1 || !released ? 500 : 204, -1);
            exchange.close();
        });
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void lifecycleEventsArriveSignedAndAFailedDeliveryIsRetried() throws Exception {
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        String id = given().contentType(ContentType.JSON)
                .body(Map.of(
                        "prompt",
                        "a 1-second clip",
                        "webhookUrl",
                        url,
                        "images",
                        List.of(Map.of(
                                "name",
                                "a.jpg",
                                "data",
                                Base64.getEncoder().encodeToString(TestImages.jpeg(640, 480))))))
                .post("/v1/jobs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");

        // each lifecycle event exactly once (a retried one may arrive after later ones: webhooks carry
        // the state and time, receivers order by them)
        List<String> types = awaitDelivered(id, List.of("job.queued", "job.started", "job.succeeded"));
        assertEquals(
                List.of("job.queued", "job.started", "job.succeeded"),
                types.stream().sorted().toList());

        Webhook reference = new Webhook(WebhookProfile.SECRET);
        for (Received r : received) {
            reference.verify(r.body(), r.headers()); // throws if the signature does not verify
            assertEquals(
                    json.readTree(r.body()).get("eventId").asText(),
                    r.headers().get("webhook-id").get(0));
        }
        // the first attempt got a 500; the same event (same webhook-id) came again and was accepted
        Received first = received.get(0);
        Received second = received.stream()
                .skip(1)
                .filter(r ->
                        r.headers().get("webhook-id").equals(first.headers().get("webhook-id")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the failed delivery was not retried"));
        assertEquals(500, first.answered());
        assertEquals(first.headers().get("webhook-id"), second.headers().get("webhook-id"));
        assertEquals(204, second.answered());

        JsonPath view =
                given().get("/v1/jobs/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals(url, view.getString("webhook.url"));
        List<Map<String, Object>> deliveries = view.getList("webhook.deliveries");
        assertEquals(3, deliveries.size(), view.prettify());
        String retriedType = json.readTree(first.body()).get("type").asText();
        Map<String, Object> retried = deliveries.stream()
                .filter(d -> retriedType.equals(d.get("type")))
                .findFirst()
                .orElseThrow();
        assertEquals("delivered", retried.get("state"));
        List<Map<String, Object>> attempts = (List<Map<String, Object>>) retried.get("attempts");
        assertEquals(
                List.of(500, 204), attempts.stream().map(a -> a.get("status")).toList());
        assertTrue(deliveries.stream().allMatch(d -> "delivered".equals(d.get("state"))), view.prettify());
        assertTrue(deliveries.stream().noneMatch(d -> d.containsKey("driver")), "internal: " + view.prettify());
    }

    @Test
    void twoCopiesOfAWebhookTaskCallTheReceiverOnceAtATimeAndTheLogKeepsEveryAttempt() throws Exception {
        // the outbox may put a task on the queue twice (a relay resends an event whose sent marker
        // it did not see); both copies are consumed, possibly at once
        String jobId = JobIds.derived("webhook-copies", UUID.randomUUID().toString());
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/gated";
        String task = json.writeValueAsString(new WebhookTask(
                WebhookTask.VERSION, jobId, "evt_1", "job.queued", url, "{\"type\":\"job.queued\"}", Instant.now()));

        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // copy 1's first attempt is in flight (the receiver holds it) when copy 2 arrives
            Future<Optional<Duration>> first = pool.submit(() -> sender.attempt(task, "message-1"));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (gatedRequests.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, gatedRequests.get(), "copy 1 did not reach the receiver");
            assertEquals(
                    Optional.empty(), sender.attempt(task, "message-2"), "copy 2 leaves: copy 1 drives the delivery");
            assertEquals(1, gatedRequests.get(), "copy 2 called the receiver while copy 1's attempt was in flight");
            gate.countDown();
            assertEquals(Optional.of(Duration.ofSeconds(1)), first.get(20, TimeUnit.SECONDS), "a 500 is retried");
        } finally {
            gate.countDown();
            pool.shutdownNow();
        }
        assertEquals(Optional.empty(), sender.attempt(task, "message-2"), "a redelivered copy still leaves");
        assertEquals(Optional.empty(), sender.attempt(task, "message-1"), "the retry is delivered");
        assertEquals(Optional.empty(), sender.attempt(task, "message-1"), "a redelivery of a delivered task");

        assertEquals(2, gatedRequests.get(), "the receiver was called once per attempt");
        WebhookDelivery log =
                jobs.webhookDelivery(jobId, "job.queued").orElseThrow().delivery();
        assertEquals(WebhookDelivery.DELIVERED, log.state());
        assertEquals(
                List.of(500, 204),
                log.attempts().stream().map(WebhookDelivery.Attempt::status).toList());
    }

    @Test
    void webhookUrlsInsideOurNetworkOrNotHttpsAreRefusedAtIntake() {
        for (String bad : List.of(
                "https://169.254.169.254/latest",
                "https://10.0.0.1/hook",
                "https://[fd00::1]/h",
                "ftp://example.com/hook",
                "file:///etc/passwd",
                "https://user:pw@example.com/hook")) {
            given().contentType(ContentType.JSON)
                    .body(Map.of(
                            "prompt",
                            "zoom in",
                            "webhookUrl",
                            bad,
                            "images",
                            List.of(Map.of(
                                    "name",
                                    "a.jpg",
                                    "data",
                                    Base64.getEncoder().encodeToString(TestImages.jpeg(64, 48))))))
                    .post("/v1/jobs")
                    .then()
                    .statusCode(400)
                    .body("error.code", equalTo("url_not_allowed"));
        }
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private List<String> awaitDelivered(String jobId, List<String> expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> types = new ArrayList<>();
            for (Received r : received) {
                JsonNode event = json.readTree(r.body());
                if (event.get("jobId").asText().equals(jobId) && r.answered() == 204) {
                    types.add(event.get("type").asText());
                }
            }
            if (types.containsAll(expected)) {
                Thread.sleep(1500); // a duplicate would show up now
                return received.stream()
                        .filter(r -> r.answered() == 204)
                        .map(r -> type(r, jobId))
                        .filter(t -> t != null)
                        .toList();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("webhooks " + expected + " not delivered; received " + received.size());
    }

    private String type(Received r, String jobId) {
        try {
            JsonNode event = json.readTree(r.body());
            return event.get("jobId").asText().equals(jobId) ? event.get("type").asText() : null;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
