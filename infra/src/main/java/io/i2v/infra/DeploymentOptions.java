package io.i2v.infra;

import java.nio.file.Path;
import java.util.List;

/**
 * What varies between deployments. {@code nativeFunctions} (default) deploys the GraalVM
 * binaries on {@code provided.al2023}; off, the JVM zips on {@code java21} with SnapStart.
 * {@code backend}: what the worker renders with by default, {@code nemo} (the NemoVideo cloud,
 * token from Secrets Manager; the default) or {@code local} (the in-process renderer only, no
 * NemoVideo secret). Jobs can still choose per job ({@code options.backend}).
 */
public record DeploymentOptions(
        Path httpFunctionZip,
        Path eventsFunctionZip,
        Path workerDir,
        boolean nativeFunctions,
        int maxWorkers,
        int inputRetentionDays,
        int resultRetentionDays,
        String backend) {
    public static final List<String> BACKENDS = List.of("nemo", "local");

    public DeploymentOptions {
        if (!BACKENDS.contains(backend)) {
            throw new IllegalArgumentException("backend must be one of " + BACKENDS + "; got \"" + backend + "\"");
        }
    }

    public static DeploymentOptions defaults(Path repoRoot, boolean nativeFunctions) {
        return new DeploymentOptions(
                repoRoot.resolve("function/http/target/function.zip"),
                repoRoot.resolve("function/events/target/function.zip"),
                repoRoot.resolve("worker"),
                nativeFunctions,
                10,
                7,
                30,
                "nemo");
    }

    public boolean cloud() {
        return backend.equals("nemo");
    }

    public DeploymentOptions withBackend(String other) {
        return new DeploymentOptions(
                httpFunctionZip,
                eventsFunctionZip,
                workerDir,
                nativeFunctions,
                maxWorkers,
                inputRetentionDays,
                resultRetentionDays,
                other);
    }

    public DeploymentOptions withMaxWorkers(int max) {
        return new DeploymentOptions(
                httpFunctionZip,
                eventsFunctionZip,
                workerDir,
                nativeFunctions,
                max,
                inputRetentionDays,
                resultRetentionDays,
                backend);
    }
}
