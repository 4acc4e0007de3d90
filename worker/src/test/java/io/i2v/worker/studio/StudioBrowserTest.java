package io.i2v.worker.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.job.JobQueries;
import io.i2v.core.job.JobState;
import io.i2v.core.job.JobStatus;
import io.i2v.worker.LocalStackProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The web studio in a real browser (Debian's Chromium driven by playwright-core) against the whole
 * local stack with API keys on: {@code studio/test/studio.e2e.mjs} drops a photo, submits, plays the
 * video, refines, cancels an uploaded job and sees an error; this test then checks what the browser
 * did against the job records. Chromium, Node.js and {@code npm ci} in {@code studio/} are test
 * prerequisites ({@code studio/prerequisites}, README "Run the tests"): without them this fails, it
 * does not skip.
 */
@QuarkusTest
@TestProfile(StudioBrowserTest.KeysOn.class)
class StudioBrowserTest {
    // a constant: the profile and the test may be loaded by different class loaders
    static final String KEY = "studio-e2e-3f9c71a2";
    private static final Path STUDIO = Path.of("..", "studio").toAbsolutePath().normalize();
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final long TIMEOUT_MINUTES = 6;

    /** Local mode as {@code ./i2v serve} runs it, plus one API key, so the page has to ask for it. */
    public static class KeysOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(new LocalStackProfile().getConfigOverrides());
            config.put("i2v.api.keys", "marketing=" + KEY);
            return config;
        }
    }

    @TestHTTPResource("/")
    URL root;

    @Inject
    JobQueries jobs;

    @Inject
    ObjectMapper json;

    @Test
    void marketerDropsPhotoWatchesItRenderRefinesCancelsAndReadsErrorsInTheBrowser() throws Exception {
        requirePrerequisites();
        Path out = Path.of("target", "studio").toAbsolutePath();
        Files.createDirectories(out);
        Files.deleteIfExists(out.resolve("summary.json"));

        ProcessBuilder pb = new ProcessBuilder("node", "test/studio.e2e.mjs")
                .directory(STUDIO.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.resolve("e2e.log").toFile());
        pb.environment()
                .putAll(Map.of(
                        "STUDIO_URL", root.toString(),
                        "STUDIO_API_KEY", KEY,
                        "STUDIO_SAMPLE",
                                STUDIO.resolveSibling("samples")
                                        .resolve("ladybird.jpg")
                                        .toString(),
                        "STUDIO_OUT", out.toString(),
                        "CHROMIUM", CHROMIUM.toString()));
        Process node = pb.start();
        boolean finished = node.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!finished) {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly();
        }
        String log = Files.readString(out.resolve("e2e.log"), StandardCharsets.UTF_8);
        System.out.println("studio e2e (screenshots in " + out + "):\n" + log);
        assertTrue(finished, "the browser test did not finish in " + TIMEOUT_MINUTES + " min:\n" + log);
        assertEquals(0, node.exitValue(), "the browser test failed:\n" + log);

        // what the browser did, as the job records have it
        JsonNode summary = json.readTree(out.resolve("summary.json").toFile());
        assertNull(summary.get("error"), log);
        JobStatus v1 = jobs.get(summary.get("version1").asText());
        JobStatus v2 = jobs.get(summary.get("version2").asText());
        JobStatus canceled = jobs.get(summary.get("canceled").asText());
        assertTrue(v1.state() instanceof JobState.Succeeded, v1.state().toString());
        assertEquals("marketing", v1.owner(), "the page sent the key it was given");
        assertEquals(1280, v1.result().width());
        assertEquals(3.0, v1.result().durationSeconds(), 0.05);
        assertEquals(summary.get("version1Bytes").asLong(), v1.result().sizeBytes(), "downloaded the stored video");
        assertTrue(v2.state() instanceof JobState.Succeeded, v2.state().toString());
        assertEquals(v1.id(), v2.parentJobId(), "version 2 is an edit of version 1");
        assertTrue(v2.result().height() > v2.result().width(), "the edit made it vertical");
        assertTrue(
                canceled.state() instanceof JobState.Canceled, canceled.state().toString());
        assertTrue(canceled.result() == null, "a canceled job stores no result");
        assertEquals(13, summary.get("screenshots").size(), "screenshots: " + summary.get("screenshots"));
    }

    private static void requirePrerequisites() throws InterruptedException {
        String install = "; install the test prerequisites with studio/prerequisites (README, \"Run the tests\"): "
                + "apt-get install -y chromium, and npm ci in studio/ (Node.js 20+)";
        if (!Files.isExecutable(CHROMIUM)) {
            fail("the studio browser test needs Chromium at " + CHROMIUM + install);
        }
        try {
            Process p = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                fail("`node --version` failed" + install);
            }
        } catch (IOException e) {
            fail("the studio browser test needs Node.js (node on PATH)" + install);
        }
        if (!Files.isDirectory(STUDIO.resolve("node_modules/playwright-core"))) {
            fail("playwright-core is not installed in " + STUDIO + install);
        }
    }
}
