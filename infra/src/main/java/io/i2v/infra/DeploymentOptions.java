package io.i2v.infra;

import java.nio.file.Path;

/**
 * What varies between deployments. {@code nativeFunctions} (default) deploys the GraalVM
 * binaries on {@code provided.al2023}; off, the JVM zips on {@code java21} with SnapStart.
 */
public record DeploymentOptions(Path httpFunctionZip, Path eventsFunctionZip, Path workerDir, boolean nativeFunctions,
                                int maxWorkers, int inputRetentionDays, int resultRetentionDays) {

    public static DeploymentOptions defaults(Path repoRoot, boolean nativeFunctions) {
        return new DeploymentOptions(repoRoot.resolve("function/http/target/function.zip"),
                repoRoot.resolve("function/events/target/function.zip"), repoRoot.resolve("worker"), nativeFunctions,
                10, 7, 30);
    }
}
