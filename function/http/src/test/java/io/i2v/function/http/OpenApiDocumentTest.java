package io.i2v.function.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.job.JobOptions;
import io.i2v.core.testing.EmbeddedAwsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document is a contract clients can be generated from: it passes Redocly's
 * recommended ruleset (the real CLI, pinned by openapi-lint/package-lock.json and installed by
 * the build), and it says what the code does (operation ids, bearer auth, the error shape, the
 * option values the intake accepts).
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedAwsResource.class)
class OpenApiDocumentTest {
    private static final Path LINT = Path.of("openapi-lint");
    private final ObjectMapper json = new ObjectMapper();
    private String document;
    private JsonNode api;

    @BeforeEach
    void fetch() throws Exception {
        LambdaReady.await();
        document = given().accept("application/json")
                .get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        api = json.readTree(document);
    }

    @Test
    void documentPassesRedoclysRecommendedRulesWithoutErrorsOrWarnings() throws Exception {
        Path file = Path.of("target", "openapi", "openapi.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, document);
        Path cli = LINT.resolve("node_modules/.bin/redocly");
        assertTrue(Files.isExecutable(cli), "the build installs the linter (npm ci in openapi-lint/): " + cli);
        ProcessBuilder pb = new ProcessBuilder(
                        cli.toString(),
                        "lint",
                        "--config",
                        LINT.resolve("redocly.yaml").toString(),
                        "--format",
                        "json",
                        file.toString())
                .redirectErrorStream(false);
        pb.environment().put("REDOCLY_TELEMETRY", "off");
        pb.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the linter finished");
        JsonNode report = json.readTree(out.substring(out.indexOf('{')));
        List<String> problems = new ArrayList<>();
        for (JsonNode problem : report.path("problems")) {
            problems.add(problem.path("severity").asText() + " "
                    + problem.path("ruleId").asText() + ": "
                    + problem.path("message").asText() + " at "
                    + problem.path("location").path(0).path("pointer").asText());
        }
        assertEquals(0, report.path("totals").path("errors").asInt(), String.join("\n", problems));
        assertEquals(0, report.path("totals").path("warnings").asInt(), String.join("\n", problems));
        assertEquals(0, p.exitValue(), out);
    }

    /** The worker's tests generate a client from api/openapi.json; it must be what is served. */
    @Test
    void servedDocumentIsTheCommittedContract() throws Exception {
        Path committed = Path.of("..", "..", "api", "openapi.json");
        assertEquals(
                json.readTree(Files.readString(committed)),
                api,
                "api/openapi.json differs from the served "
                        + "document: after changing the API, copy function/http/target/openapi/openapi.json (written by "
                        + "documentPassesRedoclysRecommendedRulesWithoutErrorsOrWarnings) to api/openapi.json");
    }

    @Test
    void everyOperationHasAnIdAndEveryErrorAnswerTheErrorShape() {
        List<String> ids = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = api.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String where = op.getKey().toUpperCase() + " " + path.getKey();
                ids.add(op.getValue().path("operationId").asText(where + " has no operationId"));
                op.getValue().path("responses").fields().forEachRemaining(r -> {
                    if (r.getKey().startsWith("4") || r.getKey().startsWith("5")) {
                        JsonNode answer = resolve(r.getValue());
                        assertEquals(
                                "#/components/schemas/Error",
                                answer.path("content")
                                        .path("application/json")
                                        .path("schema")
                                        .path("$ref")
                                        .asText(),
                                where + " " + r.getKey());
                        assertTrue(
                                answer.path("content")
                                                .path("application/json")
                                                .path("examples")
                                                .size()
                                        > 0,
                                where + " " + r.getKey() + " has examples");
                    }
                });
            }
        }
        assertEquals(
                List.of("createJob", "getJob", "listJobs", "cancelJob", "editJob", "getCredits", "createUpload")
                        .stream()
                        .sorted()
                        .toList(),
                ids.stream().sorted().toList());
    }

    @Test
    void bearerAuthServersLicenceAndIdempotencyKeyAreDescribed() {
        assertEquals(
                "bearer",
                api.path("components")
                        .path("securitySchemes")
                        .path("bearer")
                        .path("scheme")
                        .asText());
        assertTrue(
                api.path("security").toString().contains("bearer"),
                api.path("security").toString());
        assertTrue(api.path("servers").size() >= 1);
        assertEquals("Apache-2.0", api.path("info").path("license").path("name").asText());
        JsonNode create = api.path("paths").path("/v1/jobs").path("post");
        assertTrue(create.path("parameters").toString().contains("\"Idempotency-Key\""), create.toString());
        assertTrue(create.path("requestBody").path("content").has("multipart/form-data"), "multipart is documented");
        assertTrue(create.path("requestBody").path("content").has("application/json"), "JSON is documented");
    }

    @Test
    void optionEnumsAreTheValuesIntakeAccepts() {
        JsonNode options =
                api.path("components").path("schemas").path("JobOptions").path("properties");
        assertEquals(JobOptions.MOTIONS, strings(options.path("motion").path("enum")));
        assertEquals(JobOptions.ASPECTS, strings(options.path("aspect").path("enum")));
        assertEquals(JobOptions.FORMATS, strings(options.path("format").path("enum")));
        assertEquals(JobOptions.DEPTHS, strings(options.path("depth").path("enum")));
        assertEquals(JobOptions.BACKENDS, strings(options.path("backend").path("enum")));
        assertEquals(JobOptions.FALLBACKS, strings(options.path("fallback").path("enum")));
        assertEquals(
                JobOptions.FPS.stream().map(String::valueOf).toList(),
                strings(options.path("fps").path("enum")));
        JsonNode job = api.path("components").path("schemas").path("Job").path("properties");
        for (String field : List.of(
                "interpretation",
                "webhook",
                "result",
                "results",
                "queuePosition",
                "creditsUsed",
                "error",
                "messages",
                "timeline")) {
            assertTrue(job.has(field), "the Job schema has " + field);
        }
    }

    private JsonNode resolve(JsonNode response) {
        String ref = response.path("$ref").asText("");
        return ref.isEmpty() ? response : api.at(ref.substring(1));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
