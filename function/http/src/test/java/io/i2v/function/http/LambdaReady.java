package io.i2v.function.http;

import static io.restassured.RestAssured.given;

import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;

/**
 * Waits until the function answers through the mock Lambda event server. When a test class starts
 * a new application, the poll loop of the one before may still take the first invocation from the
 * new event server as it stops, and that request is never answered (quarkusio/quarkus#27362): a
 * test's first call then times out after 30 s. A short call first, retried, takes that loss instead.
 */
final class LambdaReady {
    private static final RestAssuredConfig QUICK = RestAssuredConfig.config()
            .httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.socket.timeout", 5000)
                    .setParam("http.connection.timeout", 5000));

    private LambdaReady() {}

    static void await() {
        for (int attempt = 0; attempt < 4; attempt++) {
            try {
                // any answer will do (404, or 401 where keys are on): it came back through the live poll loop
                given().config(QUICK)
                        .get("/v1/jobs/job_lambdaready")
                        .then()
                        .extract()
                        .statusCode();
                return;
            } catch (RuntimeException lost) {
                // taken by the stopped application's loop: the next call reaches the running one
            }
        }
    }
}
