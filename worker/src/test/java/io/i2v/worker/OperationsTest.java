package io.i2v.worker;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.core.testing.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What operators rely on in local mode: health, metrics, the API description, traceable logs. */
@QuarkusTest
@TestProfile(LocalStackProfile.class)
class OperationsTest {

    @Test
    void healthIsUpAndReadinessChecksS3AndSqs() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'aws' }.data.s3", equalTo("ok"))
                .body("checks.find { it.name == 'aws' }.data.sqs", equalTo("ok"));
    }

    @Test
    void openApiDescribesTheJobsApi() {
        given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body(containsString("/v1/jobs/{id}"))
                .body(containsString("/v1/uploads"));
    }

    @Test
    void traceIdFromTheRequestAppearsInTheWorkersLogLinesAndJobMetricsAreExported() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        try (JobLogCapture logs = new JobLogCapture()) {
            String id = given().contentType(ContentType.JSON)
                    .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                    .body(Map.of(
                            "prompt",
                            "a 1-second clip",
                            "images",
                            List.of(Map.of(
                                    "name",
                                    "t.jpg",
                                    "data",
                                    Base64.getEncoder().encodeToString(TestImages.jpeg(320, 240))))))
                    .post("/v1/jobs")
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("id");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!"SUCCEEDED"
                    .equals(given().get("/v1/jobs/" + id).then().extract().path("state"))) {
                assertTrue(System.nanoTime() < deadline, "job did not finish");
                Thread.sleep(200);
            }
            List<String> jobLines =
                    logs.forJob(id).stream().map(JobLogCapture.Line::traceId).toList();
            assertFalse(jobLines.isEmpty(), "the worker logged nothing for the job");
            assertTrue(
                    jobLines.stream().allMatch(traceId::equals),
                    "every worker line for the job carries the caller's trace id");
        }
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("i2v_jobs_total{state=\"succeeded\"}"), metrics);
        assertTrue(metrics.contains("i2v_job_duration_seconds_count{backend=\"local\",state=\"succeeded\"}"));
        assertTrue(metrics.contains("i2v_job_queue_lag_seconds_count"));
        assertTrue(
                metrics.contains("i2v_job_stage_duration_seconds_count{backend=\"local\",stage=\"rendering\"}"),
                metrics);
    }
}
