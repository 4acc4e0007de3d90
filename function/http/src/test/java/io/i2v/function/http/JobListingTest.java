package io.i2v.function.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.core.testing.EmbeddedAwsResource;
import io.i2v.core.testing.TestImages;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/jobs} on the function URL against real S3 (S3Proxy): each caller's jobs, newest
 * first, paged by cursor without duplicates or gaps, filtered by state, never another owner's.
 * Each test has its own API key (owner), so the other tests' jobs are not in its listing.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedAwsResource.class)
@TestProfile(JobListingTest.Callers.class)
class JobListingTest {
    @BeforeEach
    void functionAnswers() {
        LambdaReady.await();
    }

    static final String ALICE = "alice-key-5b8e21";
    static final String BOB = "bob-key-c03f77";
    static final String CAROL = "carol-key-91d4aa";
    static final String ERIN = "erin-key-27be60";

    public static class Callers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("i2v.api.keys", "alice=" + ALICE + ",bob=" + BOB + ",carol=" + CAROL + ",erin=" + ERIN);
        }
    }

    @Test
    void callerSeesOwnJobsNewestFirstAndNoneOfAnotherOwners() {
        List<String> alices = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            alices.add(create(ALICE));
        }
        String bobs = create(BOB);

        assertEquals(List.of(alices.get(2), alices.get(1), alices.get(0)), ids(list(ALICE, "")));
        assertEquals(List.of(bobs), ids(list(BOB, "")));
        assertNull(list(ALICE, "").getString("nextCursor"), "one page holds them all");
    }

    @Test
    void pagesFollowNextCursorOverEveryJobOnceInOrder() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(0, create(CAROL));
        }
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = list(CAROL, "?limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            sizes.add(ids(page).size());
            seen.addAll(ids(page));
            cursor = page.getString("nextCursor");
        } while (cursor != null && sizes.size() < 10);

        assertEquals(created, seen, "newest first, no duplicates, no gaps");
        assertEquals(List.of(3, 3, 1), sizes);
        assertEquals(7, new HashSet<>(seen).size());
    }

    @Test
    void stateAndSourceFiltersKeepOnlyMatchingJobs() {
        String queued1 = create(ERIN);
        String canceled = create(ERIN);
        String queued2 = create(ERIN);
        given().auth()
                .oauth2(ERIN)
                .post("/v1/jobs/" + canceled + "/cancel")
                .then()
                .statusCode(200);

        assertEquals(List.of(canceled), ids(list(ERIN, "?state=CANCELED")));
        assertEquals(List.of(queued2, queued1), ids(list(ERIN, "?state=QUEUED")));
        assertEquals(List.of(queued2, canceled, queued1), ids(list(ERIN, "?source=http")));
        assertEquals(List.of(), ids(list(ERIN, "?source=sqs")));
        assertEquals(List.of(queued2), ids(list(ERIN, "?state=QUEUED&source=http&limit=1")));
        JsonPath one = list(ERIN, "?state=QUEUED&limit=1");
        assertEquals(List.of(queued1), ids(list(ERIN, "?state=QUEUED&limit=1&cursor=" + one.getString("nextCursor"))));
        list(ERIN, "?state=CANCELED").getList("jobs.state", String.class).forEach(s -> assertEquals("CANCELED", s));
    }

    @Test
    void badLimitStateSourceOrCursorIsA400WithTheErrorShape() {
        String forged = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("../../jobs/job_aaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(StandardCharsets.UTF_8));
        for (String query : List.of(
                "limit=0",
                "limit=101",
                "limit=ten",
                "limit=2.5",
                "state=DONE",
                "state=running%20",
                "source=ftp",
                "cursor=not-a-cursor",
                "cursor=" + forged,
                "cursor=%25%25")) {
            given().auth()
                    .oauth2(ALICE)
                    .get("/v1/jobs?" + query)
                    .then()
                    .statusCode(400)
                    .contentType(ContentType.JSON)
                    .body("error.code", equalTo("invalid_request"))
                    .body("error.message", not(emptyOrNullString()));
        }
        given().get("/v1/jobs").then().statusCode(401).body("error.code", equalTo("unauthorized"));
    }

    @Test
    void stateAndSourceValuesAreCaseInsensitiveAndLimitDefaultsToTwenty() {
        String id = create(BOB);
        assertTrue(ids(list(BOB, "?state=queued&source=HTTP")).contains(id));
        given().auth()
                .oauth2(BOB)
                .get("/v1/jobs")
                .then()
                .statusCode(200)
                .body("jobs[0].id", equalTo(id))
                .body("jobs[0].state", equalTo("QUEUED"))
                .body("jobs[0].source", equalTo("http"));
    }

    private static String create(String key) {
        return given().auth()
                .oauth2(key)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "prompt",
                        "zoom in",
                        "images",
                        List.of(Map.of(
                                "name", "a.jpg", "data", Base64.getEncoder().encodeToString(TestImages.jpeg(64, 48))))))
                .post("/v1/jobs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }

    private static JsonPath list(String key, String query) {
        return given().auth()
                .oauth2(key)
                .urlEncodingEnabled(false)
                .get("/v1/jobs" + query)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static List<String> ids(JsonPath page) {
        return page.getList("jobs.id", String.class);
    }
}
