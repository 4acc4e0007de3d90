package io.i2v.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A JVM started as {@code ./i2v animate} and {@code serve} start it turns huge pages off for itself. */
class HugePagesTest {
    @Test
    void aJvmWithNativeAccessTurnsHugePagesOffForItselfUnlessToldToKeepThem() throws Exception {
        assumeTrue(thpLine(Files.readAllLines(Path.of("/proc/self/status"))) != null, "a Linux kernel with THP");
        String native_ = "--enable-native-access=ALL-UNNAMED";
        assertEquals("THP_enabled:\t0", child("--add-modules", "jdk.incubator.foreign", native_), "as ./i2v starts it");
        assertEquals(
                "THP_enabled:\t1",
                child("--add-modules", "jdk.incubator.foreign", native_, "-D" + HugePages.KEEP + "=true"),
                "kept when asked");
        assertEquals("THP_enabled:\t1", child(), "without native access nothing changes");
    }

    /** What a child JVM's status says about THP after {@link HugePages#turnOff}. */
    private static String child(String... options) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
        return thpLine(out.lines().toList());
    }

    private static String thpLine(List<String> lines) {
        return lines.stream()
                .filter(l -> l.startsWith("THP_enabled:"))
                .findFirst()
                .orElse(null);
    }

    /** Runs in the child JVM. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            HugePages.turnOff();
            System.out.println(thpLine(Files.readAllLines(Path.of("/proc/self/status"))));
        }
    }
}
