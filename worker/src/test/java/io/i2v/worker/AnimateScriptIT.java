package io.i2v.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.worker.media.VideoInfo;
import io.i2v.worker.media.VideoProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ./i2v animate} as a user runs it, through the script: the first run after a build
 * merges the class path into a few jars and records the class-data archive as the JVM ends; the
 * next one maps it, runs the application on that class path and ends with {@code _exit}. Both write a playable video and exit 0; a
 * damaged photo exits 1 with its error code.
 */
class AnimateScriptIT {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent(); // the worker module's parent
    private static final Path ARCHIVE = Path.of("target/quarkus-app/animate-classpath.jsa");
    private static final Path CLASS_PATH = Path.of("target/quarkus-app/animate-classpath.txt");
    /** A service log line at WARN or above, as the console format writes it ({@code 05:02:33 WARN  [...]}). */
    private static final Pattern LOG_WARNING = Pattern.compile("\\d\\d:\\d\\d:\\d\\d (WARN|ERROR) ");

    @Test
    void animateWritesAPlayableVideoWithAndWithoutItsArchive() throws Exception {
        Path dir = Files.createTempDirectory("i2v-animate-it");
        Files.deleteIfExists(ARCHIVE); // as after a build: this run merges the class path and records it
        Files.deleteIfExists(CLASS_PATH);
        Path first = dir.resolve("first.mp4");
        Run recording = animate(dir, ROOT.resolve("samples/ladybird.jpg"), first);
        assertEquals(0, recording.code(), recording.output());
        assertTrue(Files.size(ARCHIVE) > 10_000_000, "the archive was written as the JVM ended");
        assertPlayable(first);
        List<String> jars = List.of(Files.readString(CLASS_PATH).strip().split(":"));
        assertTrue(jars.size() < 20, "the ~280 jars merged into a few: " + jars);
        assertTrue(jars.stream().allMatch(j -> Files.isRegularFile(Path.of(j))), jars.toString());

        Path second = dir.resolve("second.mp4");
        Run mapped = animate(dir, ROOT.resolve("samples/ladybird.jpg"), second);
        assertEquals(0, mapped.code(), mapped.output());
        assertTrue(mapped.output().contains("wrote " + second), mapped.output());
        assertTrue(
                !LOG_WARNING.matcher(mapped.output()).find(),
                "no service warnings on the console:\n" + mapped.output());
        assertPlayable(second);
    }

    @Test
    void aDamagedPhotoEndsWithItsErrorAndStatusOne() throws Exception {
        Path dir = Files.createTempDirectory("i2v-animate-it");
        byte[] photo = Files.readAllBytes(ROOT.resolve("samples/ladybird.jpg"));
        Path cut = dir.resolve("cut.jpg");
        Files.write(cut, Arrays.copyOf(photo, photo.length / 2));
        Run run = animate(dir, cut, dir.resolve("never.mp4"));
        assertEquals(1, run.code(), run.output());
        assertTrue(run.output().contains("corrupt_image"), run.output());
        assertTrue(!Files.exists(dir.resolve("never.mp4")), "no video for a failed job");
    }

    private record Run(int code, String output) {}

    private static Run animate(Path dir, Path photo, Path out) throws Exception {
        Path log = Files.createTempFile(dir, "animate", ".log");
        ProcessBuilder pb = new ProcessBuilder(List.of(
                        ROOT.resolve("i2v").toString(),
                        "animate",
                        photo.toString(),
                        "--prompt",
                        "a 2-second 720p clip with a slow push-in",
                        "-o",
                        out.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("I2V_STATE_DIR", dir.resolve("state").toString());
        pb.environment().remove("I2V_LAUNCHED_AT");
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("animate did not end:\n" + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log));
    }

    private static void assertPlayable(Path video) throws Exception {
        VideoInfo info = VideoProbe.check(video);
        assertEquals(1280, info.width());
        assertEquals(720, info.height());
        assertEquals(2.0, info.durationSeconds(), 0.1);
    }
}
