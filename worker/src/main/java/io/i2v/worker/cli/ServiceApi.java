package io.i2v.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.image.ImageFormat;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The public HTTP API as {@code animate} uses it: uploads, a submission, a job's status, a
 * download. Sends the API key in {@code I2V_API_KEY}, if set, as a bearer token; an error answer
 * becomes an {@link ApiException} with the API's code and message.
 */
final class ServiceApi {
    private final String endpoint;
    private final ObjectMapper json;
    private final HttpClient http;

    ServiceApi(String endpoint, ObjectMapper json, HttpClient http) {
        this.endpoint = endpoint;
        this.json = json;
        this.http = http;
    }

    /** Uploads {@code image} with a presigned PUT; its key for the job. */
    String upload(Path image) throws IOException, InterruptedException {
        byte[] head;
        try (InputStream in = Files.newInputStream(image)) {
            head = in.readNBytes(ImageFormat.SNIFF_BYTES);
        }
        String type = ImageFormat.sniff(head).map(ImageFormat::mediaType).orElse("application/octet-stream");
        JsonNode ticket = call(
                HttpRequest.newBuilder(URI.create(endpoint + "/v1/uploads"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of(
                                "filename",
                                image.getFileName().toString(),
                                "contentType",
                                type,
                                "size",
                                Files.size(image))))),
                201);
        HttpRequest.Builder put = HttpRequest.newBuilder(
                        URI.create(ticket.get("uploadUrl").asText()))
                .PUT(HttpRequest.BodyPublishers.ofFile(image));
        ticket.get("headers")
                .fields()
                .forEachRemaining(h -> put.header(h.getKey(), h.getValue().asText()));
        HttpResponse<String> response = http.send(put.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("upload of " + image + " failed: HTTP " + response.statusCode());
        }
        return ticket.get("key").asText();
    }

    /** Submits a job over the uploaded {@code keys} (the API's default instruction when {@code prompt} is null); its id. */
    String submit(String prompt, List<String> keys) throws IOException, InterruptedException {
        Map<String, Object> submission = new LinkedHashMap<>();
        if (prompt != null) {
            submission.put("prompt", prompt);
        }
        submission.put("images", keys.stream().map(k -> Map.of("key", k)).toList());
        JsonNode job = call(
                HttpRequest.newBuilder(URI.create(endpoint + "/v1/jobs"))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(submission))),
                202);
        return job.get("id").asText();
    }

    /** The job's status document, as {@code GET /v1/jobs/{id}} returns it. */
    JsonNode status(String id) throws IOException, InterruptedException {
        return call(
                HttpRequest.newBuilder(URI.create(endpoint + "/v1/jobs/" + id)).GET(), 200);
    }

    /** Downloads {@code url} to {@code target}, which appears whole or not at all. */
    void download(String url, Path target) throws IOException, InterruptedException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = Files.createTempFile(parent, ".i2v-", ".part");
        try {
            HttpResponse<Path> response = http.send(
                    HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofFile(partial));
            if (response.statusCode() != 200) {
                throw new IOException("download failed: HTTP " + response.statusCode());
            }
            if (Files.getFileStore(partial).supportsFileAttributeView(PosixFileAttributeView.class)) {
                // a temporary file is private (rw-------); the video is an ordinary file like any other output
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private JsonNode call(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        String key = System.getenv("I2V_API_KEY"); // for an --endpoint that has API keys on
        if (key != null && !key.isBlank()) {
            request.header("Authorization", "Bearer " + key.strip());
        }
        HttpResponse<String> response =
                http.send(request.header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
        if (response.statusCode() != expected) {
            JsonNode error = body.path("error");
            throw new ApiException(
                    response.statusCode(),
                    error.path("code").asText("http_" + response.statusCode()),
                    error.path("message").asText(response.body()));
        }
        return body;
    }

    /** An error answer of the API, shown to the user as code and message. */
    static final class ApiException extends IOException {
        ApiException(int status, String code, String message) {
            super(code + ": " + message + " (HTTP " + status + ")");
        }
    }
}
