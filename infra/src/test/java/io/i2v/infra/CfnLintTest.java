package io.i2v.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The synthesised template passes cfn-lint with no errors, when cfn-lint is on PATH. */
class CfnLintTest {
    @Test
    void synthesisedTemplateHasNoCfnLintErrors() throws Exception {
        boolean available = new ProcessBuilder("cfn-lint", "--version").redirectErrorStream(true).start()
                .waitFor(60, TimeUnit.SECONDS);
        assumeAvailable(available);
        for (boolean nativeFunctions : new boolean[] {true, false}) {
            Path file = Files.createTempFile("i2v-template", ".json");
            Files.writeString(file, new ObjectMapper().writeValueAsString(
                    StackFixture.template(nativeFunctions).toJSON()));
            Process lint = new ProcessBuilder("cfn-lint", "--format", "parseable", file.toString())
                    .redirectErrorStream(true).start();
            String output = new String(lint.getInputStream().readAllBytes());
            lint.waitFor(5, TimeUnit.MINUTES);
            // cfn-lint's exit code is a bit mask: 2 = errors, 4 = warnings, 8 = informational
            assertEquals(0, lint.exitValue() & 2, "cfn-lint errors (native=" + nativeFunctions + "):\n" + output);
            System.out.println("cfn-lint (native=" + nativeFunctions + "): exit " + lint.exitValue()
                    + (output.isBlank() ? ", no findings" : "\n" + output));
        }
    }

    private static void assumeAvailable(boolean available) {
        if (!available) {
            System.out.println("cfn-lint is not on PATH: template lint skipped");
        }
        assumeTrue(available, "cfn-lint is not on PATH");
    }
}
