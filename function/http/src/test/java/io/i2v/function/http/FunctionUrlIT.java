package io.i2v.function.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.i2v.core.testing.EmbeddedAwsResource;
import io.i2v.core.testing.Fixtures;
import io.i2v.core.testing.TestImages;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The native binary behind the Lambda runtime API, fed real function-URL events through the
 * mock event server. Runs in the native workflow ({@code ./mvnw verify -Dnative}); a native
 * binary polls the runtime API itself, while the JVM jar is driven by AWS's own runtime and
 * does not, so this test is not run against the jar.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(EmbeddedAwsResource.class)
class FunctionUrlIT {

    @Test
    void packagedFunctionCreatesAndReadsJobsAndRefusesBadInput() {
        String body = "{\"prompt\":\"zoom in\",\"images\":[{\"name\":\"a.jpg\",\"data\":\""
                + Base64.getEncoder().encodeToString(TestImages.jpeg(320, 240)) + "\"}]}";
        JsonPath created = invoke(Fixtures.event(
                "function-url-post-job.json",
                Map.of(
                        "idempotencyKey", UUID.randomUUID().toString(),
                        "body", Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)))));
        assertEquals(202, created.getInt("statusCode"));
        JsonPath job = JsonPath.from(created.getString("body"));
        assertEquals("QUEUED", job.getString("state"));

        JsonPath read = invoke(Fixtures.event("function-url-get-job.json", Map.of("jobId", job.getString("id"))));
        assertEquals(200, read.getInt("statusCode"));

        JsonPath missing =
                invoke(Fixtures.event("function-url-get-job.json", Map.of("jobId", "job_aaaaaaaaaaaaaaaaaaaaaaaaaa")));
        assertEquals(404, missing.getInt("statusCode"));
        assertEquals("job_not_found", JsonPath.from(missing.getString("body")).getString("error.code"));
    }

    /** A raw function-URL event through the runtime API's mock server, as Lambda would deliver it. */
    private static JsonPath invoke(String event) {
        return JsonPath.from(given().contentType(ContentType.JSON)
                .body(event)
                .post("http://localhost:8081/_lambda_")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }
}
