package io.i2v.worker.nemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.nemosim.NemoSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator keeps the protocol's own rules, so the backend's tests against it mean something. */
class NemoSimulatorTest {
    static NemoSimulator sim;
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        sim = NemoSimulator.start(Path.of("target/nemo-sim-unit"), true);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void anonymousTokenNeedsAClientIdAndIsIssuedOncePerClient() throws Exception {
        assertEquals(400, send(post("/api/auth/anonymous-token")).statusCode());
        HttpResponse<String> first = send(post("/api/auth/anonymous-token").header("X-Client-Id", "client-a"));
        assertEquals(200, first.statusCode());
        JsonNode data = json.readTree(first.body()).get("data");
        assertTrue(data.get("token").asText().startsWith("nmv_usr_"));
        assertEquals(100_000, data.get("credits").asInt());
        assertEquals(
                429,
                send(post("/api/auth/anonymous-token").header("X-Client-Id", "client-a"))
                        .statusCode());
    }

    @Test
    void exportWithoutAttributionHeadersIsRefusedWith402AndHeicUploadWith4001() throws Exception {
        String token = json.readTree(send(post("/api/auth/anonymous-token").header("X-Client-Id", "client-b"))
                        .body())
                .get("data")
                .get("token")
                .asText();
        String sid = json.readTree(send(post("/api/tasks/me/with-session/nemo_agent")
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json"))
                        .body())
                .get("data")
                .get("session_id")
                .asText();
        HttpResponse<String> render = send(HttpRequest.newBuilder(URI.create(sim.url() + "/api/render/proxy/lambda"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"id\":\"render_1\",\"sessionId\":\"" + sid + "\",\"draft\":{}}")));
        assertEquals(402, render.statusCode());

        String boundary = "b0undary";
        String heic = "\u0000\u0000\u0000\u0018ftypheic\u0000\u0000\u0000\u0000mif1heic";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"x.heic\"\r\n"
                + "Content-Type: image/heic\r\n\r\n" + heic + "\r\n--" + boundary + "--\r\n";
        HttpResponse<String> upload =
                send(HttpRequest.newBuilder(URI.create(sim.url() + "/api/upload-video/nemo_agent/me/" + sid))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(4001, json.readTree(upload.body()).get("code").asInt());

        assertEquals(
                1001,
                json.readTree(send(HttpRequest.newBuilder(URI.create(sim.url() + "/api/credits/balance/simple"))
                                        .header("Authorization", "Bearer nmv_usr_forged")
                                        .GET())
                                .body())
                        .get("code")
                        .asInt());
    }

    private HttpRequest.Builder post(String path) {
        return HttpRequest.newBuilder(URI.create(sim.url() + path)).POST(HttpRequest.BodyPublishers.noBody());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
