package io.i2v.worker;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;

/** The job API as a caller waits on it: poll {@code GET /v1/jobs/{id}} until the job is finished. */
public final class JobsApi {
    private static final Duration WAIT = Duration.ofSeconds(120);

    private JobsApi() {}

    /** The finished job's view (SUCCEEDED, FAILED or CANCELED); fails the test after two minutes. */
    public static JsonPath awaitTerminal(String id) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonPath status = given().get("/v1/jobs/" + id)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            if (List.of("SUCCEEDED", "FAILED", "CANCELED").contains(status.getString("state"))) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "job " + id + " unfinished after " + WAIT.toSeconds() + " s: " + status.prettify());
            }
            Thread.sleep(100);
        }
    }
}
