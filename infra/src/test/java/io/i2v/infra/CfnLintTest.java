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
        boolean available = new ProcessBuilder("cfn-lint", "--version")
                .redirectErrorStream(true)
                .start()
                .waitFor(60, TimeUnit.SECONDS);
        assumeAvailable(available);
        for (String variant : new String[] {"native", "jvm", "local"}) {
            boolean nativeFunctions = !variant.equals("jvm");
            Path file = Files.createTempFile("i2v-template", ".json");
            Files.writeString(
                    file,
                    new ObjectMapper()
                            .writeValueAsString((variant.equals("local")
                                            ? StackFixture.template("local")
                                            : StackFixture.template(nativeFunctions))
                                    .toJSON()));
            Process lint = new ProcessBuilder("cfn-lint", "--format", "parseable", file.toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(lint.getInputStream().readAllBytes());
            lint.waitFor(5, TimeUnit.MINUTES);
            // cfn-lint's exit code is a bit mask: 2 = errors, 4 = warnings, 8 = informational
            assertEquals(0, lint.exitValue() & 2, "cfn-lint errors (" + variant + "):\n" + output);
            System.out.println("cfn-lint (" + variant + "): exit " + lint.exitValue()
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
