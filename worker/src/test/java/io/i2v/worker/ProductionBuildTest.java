package io.i2v.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.worker.job.JobProcessor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The deployed worker ({@code ./mvnw -Dproduction package}) is this module without the tools'
 * packages and without the embedded AWS servers, the simulator and the Lambda handlers: that
 * build compiles only while no other class of the worker reaches into them. Read from the compiled
 * classes with the JDK's {@code jdeps}, so a new reference fails here, not in a container build.
 */
class ProductionBuildTest {
    /** Compiled only into the default build (the tools profile). */
    private static final List<String> TOOLS =
            List.of("io.i2v.worker.cli", "io.i2v.worker.bench", "io.i2v.worker.chaos", "io.i2v.worker.local");
    /** Modules only the tools profile puts on the class path. */
    private static final List<String> TOOL_MODULES = List.of("io.i2v.local", "io.i2v.nemosim", "io.i2v.function");

    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)", Pattern.MULTILINE);

    @Test
    void nothingOutsideTheToolsReachesTheToolsOrTheEmbeddedServers() throws URISyntaxException {
        Path classes = Path.of(JobProcessor.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int code = jdeps.run(
                new PrintWriter(out),
                new PrintWriter(out),
                "-verbose:class",
                "-filter:none",
                "--multi-release",
                "17",
                classes.toString());
        assertEquals(0, code, out::toString);
        Matcher edge = EDGE.matcher(out.toString());
        int edges = 0;
        StringBuilder crossings = new StringBuilder();
        while (edge.find()) {
            edges++;
            String from = edge.group(1);
            String to = edge.group(2);
            if (!inAny(from, TOOLS) && (inAny(to, TOOLS) || inAny(to, TOOL_MODULES))) {
                crossings.append(from).append(" -> ").append(to).append('\n');
            }
        }
        assertTrue(edges > 1000, "jdeps listed " + edges + " class dependencies:\n" + out);
        assertEquals("", crossings.toString(), "production classes that need the tools' build");
    }

    private static boolean inAny(String type, List<String> packages) {
        return packages.stream().anyMatch(p -> type.startsWith(p + "."));
    }
}
