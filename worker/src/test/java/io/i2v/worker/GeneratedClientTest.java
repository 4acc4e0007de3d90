package io.i2v.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.client.ApiClient;
import io.i2v.client.ApiException;
import io.i2v.client.api.JobsApi;
import io.i2v.client.model.Error;
import io.i2v.client.model.Job;
import io.i2v.core.testing.TestImages;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The proof that the OpenAPI document is a true contract: a Java client generated from it
 * (openapi-generator, at build time) creates a job, follows it to SUCCEEDED, finds it in the listing, cancels another
 * and reads an error's code, against local mode.
 */
@QuarkusTest
@TestProfile(LocalStackProfile.class)
class GeneratedClientTest {
    @TestHTTPResource("/")
    URI base;

    @Test
    void generatedClientCreatesFollowsCancelsAndReadsErrorCodes() throws Exception {
        ApiClient client = new ApiClient();
        client.updateBaseUri(base.toString().replaceAll("/$", ""));
        JobsApi jobs = new JobsApi(client);
        Path photo = Files.createTempFile("i2v-client", ".jpg");
        Files.write(photo, TestImages.jpeg(320, 240));
        try {
            Job created =
                    jobs.createJob(null, null, List.of(photo.toFile()), "a 1-second static clip at 24 fps", null, null);
            assertEquals("QUEUED", created.getState().getValue());
            Job done = follow(jobs, created.getId());
            assertEquals("SUCCEEDED", done.getState().getValue(), String.valueOf(done.getError()));
            assertEquals(100, done.getProgress());
            assertTrue(
                    done.getResult().getVideoUrl().startsWith("http"),
                    done.getResult().toString());
            assertTrue(done.getResult().getSizeBytes() > 0);

            assertTrue(
                    jobs.listJobs(null, 100, null, null).getJobs().stream()
                            .anyMatch(j -> j.getId().equals(created.getId())),
                    "the listing has the job");

            Job other = jobs.createJob(
                    null, null, List.of(photo.toFile()), "a 20-second slow zoom", "{\"durationSeconds\":20}", null);
            Job canceled = jobs.cancelJob(other.getId());
            assertEquals("CANCELED", canceled.getState().getValue());

            ApiException missing =
                    assertThrows(ApiException.class, () -> jobs.getJob("job_zzzzzzzzzzzzzzzzzzzzzzzzzz"));
            assertEquals(404, missing.getCode());
            Error body = client.getObjectMapper().readValue(missing.getResponseBody(), Error.class);
            assertEquals("job_not_found", body.getError().getCode());

            ApiException refused = assertThrows(
                    ApiException.class,
                    () -> jobs.createJob(null, null, List.of(photo.toFile()), null, "{\"motion\":\"teleport\"}", null));
            assertEquals(400, refused.getCode());
            assertEquals(
                    "invalid_request",
                    client.getObjectMapper()
                            .readValue(refused.getResponseBody(), Error.class)
                            .getError()
                            .getCode());
        } finally {
            Files.deleteIfExists(photo);
        }
    }

    private static Job follow(JobsApi jobs, String id) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (true) {
            Job job = jobs.getJob(id);
            String state = job.getState().getValue();
            if (List.of("SUCCEEDED", "FAILED", "CANCELED").contains(state)) {
                return job;
            }
            assertTrue(System.nanoTime() < deadline, "job " + id + " unfinished: " + state);
            Thread.sleep(200);
        }
    }
}
