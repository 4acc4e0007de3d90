package io.i2v.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliArgsTest {
    @TempDir
    Path dir;

    @Test
    void animateTakesImagesPromptOutputAndEndpoint() throws Exception {
        Path img = Files.writeString(dir.resolve("harbor.jpg"), "x");
        CliArgs a = CliArgs.parse("animate", img.toString(), "--prompt", "zoom", "-o", "out.mp4", "--endpoint",
                "https://api.example.com/");
        assertEquals("zoom", a.prompt());
        assertEquals(Path.of("out.mp4"), a.output());
        assertEquals("https://api.example.com", a.endpoint().orElseThrow());
        assertEquals(Path.of("harbor.mp4"), CliArgs.parse("animate", img.toString()).output());
    }

    @Test
    void mistakesAreExplainedBeforeAnythingStarts() {
        assertTrue(assertThrows(CliArgs.UsageException.class, () -> CliArgs.parse("animate", "missing.jpg"))
                .getMessage().contains("no such image file"));
        assertThrows(CliArgs.UsageException.class, () -> CliArgs.parse("animate"));
        assertThrows(CliArgs.UsageException.class, () -> CliArgs.parse("serve", "--port", "http"));
        assertThrows(CliArgs.UsageException.class, () -> CliArgs.parse("render"));
        assertEquals(9000, CliArgs.parse("serve", "--port", "9000").port());
    }
}
