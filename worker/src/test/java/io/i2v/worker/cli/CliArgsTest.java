package io.i2v.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliArgsTest {
    @TempDir
    Path dir;

    @Test
    void animateTakesImagesPromptOutputAndEndpoint() throws Exception {
        Path img = Files.writeString(dir.resolve("harbor.jpg"), "x");
        CliArgs a = CliArgs.parse(
                "animate",
                img.toString(),
                "--prompt",
                "zoom",
                "-o",
                "out.mp4",
                "--endpoint",
                "https://api.example.com/");
        assertEquals("zoom", a.prompt());
        assertEquals(Path.of("out.mp4"), a.output());
        assertEquals("https://api.example.com", a.endpoint().orElseThrow());
        assertEquals(
                Path.of("harbor.mp4"), CliArgs.parse("animate", img.toString()).output());
        assertTrue(CliArgs.parse("animate", img.toString(), "--json").json());
        assertTrue(!a.json());
    }

    @Test
    void mistakesAreExplainedBeforeAnythingStarts() {
        assertTrue(assertThrows(CliArgs.UsageException.class, () -> CliArgs.parse("animate", "missing.jpg"))
                .getMessage()
                .contains("no such image file"));
        assertThrows(CliArgs.UsageException.class, () -> CliArgs.parse("animate"));
        assertThrows(CliArgs.UsageException.class, () -> CliArgs.parse("serve", "--port", "http"));
        assertThrows(CliArgs.UsageException.class, () -> CliArgs.parse("render"));
        assertEquals(9000, CliArgs.parse("serve", "--port", "9000").port());
    }

    @Test
    void downloadsTakeTheContainersExtensionAndClipsAreNumbered() {
        assertEquals(Path.of("out/a.mp4"), AnimateCommand.target(Path.of("out/a.mp4"), "results/j/video.mp4", 0));
        assertEquals(Path.of("out/a.gif"), AnimateCommand.target(Path.of("out/a.mp4"), "results/j/video.gif", 0));
        assertEquals(Path.of("a-2.mp4"), AnimateCommand.target(Path.of("a.mp4"), "results/j/clip-2.mp4", 1));
    }

    @Test
    void benchTakesAnOptionalPhotoAndItsOptions() {
        CliArgs b = CliArgs.parse("bench", "--megapixels", "100", "--no-zoompan");
        assertEquals(100, b.megapixels());
        assertEquals(true, b.skipZoompan());
        assertEquals(List.of(), b.images());
    }

    @Test
    void benchRunsAnOddNumberOfRoundsAndAnEndToEndMode() {
        assertEquals(CliArgs.DEFAULT_ROUNDS, CliArgs.parse("bench").rounds());
        CliArgs e2e = CliArgs.parse("bench", "--e2e");
        assertTrue(e2e.endToEnd());
        assertEquals(CliArgs.DEFAULT_PAIRS, e2e.rounds());
        assertEquals(7, CliArgs.parse("bench", "--e2e", "--rounds", "7").rounds());
        // an even count has no middle round: refused, not rounded
        assertTrue(assertThrows(CliArgs.UsageException.class, () -> CliArgs.parse("bench", "--rounds", "4"))
                .getMessage()
                .contains("odd"));
        assertThrows(CliArgs.UsageException.class, () -> CliArgs.parse("serve", "--e2e"));
    }

    @Test
    void timingsIsAnAnimateOption() throws Exception {
        Path img = Files.writeString(dir.resolve("a.jpg"), "x");
        assertTrue(CliArgs.parse("animate", img.toString(), "--timings").timings());
        assertThrows(CliArgs.UsageException.class, () -> CliArgs.parse("bench", "--timings"));
    }
}
