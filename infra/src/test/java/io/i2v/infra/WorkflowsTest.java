package io.i2v.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The workflows parse, use only well-known actions, and every command they run exists in the repo. */
class WorkflowsTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Set<String> KNOWN_ACTION_OWNERS = Set.of("actions", "graalvm", "aws-actions");

    @Test
    void workflowsAreValidAndCallOnlyExistingCommandsAndKnownActions() throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(ROOT.resolve(".github/workflows"))) {
            files = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        assertEquals(
                List.of("build.yml", "deploy.yml", "native.yml"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        for (Path file : files) {
            Map<String, Object> workflow = new Yaml().load(Files.readString(file));
            assertTrue(workflow.containsKey("jobs"), file + " has no jobs");
            for (Object job : ((Map<?, ?>) workflow.get("jobs")).values()) {
                for (Object step : (List<?>) ((Map<?, ?>) job).get("steps")) {
                    Map<?, ?> s = (Map<?, ?>) step;
                    if (s.get("uses") instanceof String uses) {
                        String owner = uses.substring(0, uses.indexOf('/'));
                        if (!KNOWN_ACTION_OWNERS.contains(owner) || !uses.contains("@")) {
                            problems.add(file.getFileName() + ": unpinned or unknown action " + uses);
                        }
                    }
                    if (s.get("run") instanceof String run) {
                        for (String line : run.split("\n")) {
                            String command = line.trim().split("\\s+")[0];
                            if (command.isEmpty()) {
                                continue;
                            }
                            Path path = ROOT.resolve(command);
                            if (!Files.isExecutable(path)) {
                                problems.add(file.getFileName() + ": runs " + command
                                        + ", which is not an executable in the repo");
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void dependabotWatchesMavenAndActions() throws IOException {
        Map<String, Object> config = new Yaml().load(Files.readString(ROOT.resolve(".github/dependabot.yml")));
        List<?> updates = (List<?>) config.get("updates");
        assertFalse(updates.isEmpty());
        assertEquals(
                Set.of("maven", "github-actions"),
                Set.copyOf(updates.stream()
                        .map(u -> ((Map<?, ?>) u).get("package-ecosystem"))
                        .toList()));
    }
}
