package io.i2v.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.testing.TestImages;
import io.i2v.worker.LocalStackProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./i2v animate --json} as a script uses it, against local mode: stdout holds only the
 * job's final status document (progress goes to stderr), and the video it names was written.
 */
@QuarkusTest
@TestProfile(LocalStackProfile.class)
class AnimateJsonTest {
    @TestHTTPResource("/")
    URI base;

    @Inject
    AnimateCommand animate;

    @Inject
    ObjectMapper json;

    @TempDir
    Path dir;

    @Test
    void jsonPrintsOnlyTheFinalStatusDocumentOnStdout() throws Exception {
        Path photo = Files.write(dir.resolve("photo.jpg"), TestImages.jpeg(320, 240));
        Path out = dir.resolve("clip.mp4");
        CliArgs cli = CliArgs.parse(
                "animate",
                photo.toString(),
                "--prompt",
                "a 1-second static clip at 24 fps",
                "-o",
                out.toString(),
                "--json");
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(progress, true, StandardCharsets.UTF_8));
            code = animate.run(base.toString().replaceAll("/$", ""), cli);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        assertEquals(0, code, progress.toString(StandardCharsets.UTF_8));
        JsonNode status = json.readTree(captured.toString(StandardCharsets.UTF_8));
        assertEquals("SUCCEEDED", status.get("state").asText());
        assertTrue(status.get("id").asText().startsWith("job_"));
        assertEquals(status.at("/result/sizeBytes").asLong(), Files.size(out), "the video it names was written");
        assertTrue(
                Files.getPosixFilePermissions(out).contains(PosixFilePermission.OTHERS_READ),
                "an ordinary file others can read, not a private temporary one: " + Files.getPosixFilePermissions(out));
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("queued"), "progress went to stderr");
    }
}
