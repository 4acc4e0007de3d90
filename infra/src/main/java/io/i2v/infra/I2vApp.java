package io.i2v.infra;

import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * {@code cdk deploy} entry point (see cdk.json). Context: {@code -c runtime=jvm} deploys the
 * JVM functions with SnapStart instead of the native ones; {@code -c maxWorkers=N};
 * {@code -c backend=nemo|local} (default {@code nemo}) picks the worker's default backend.
 */
public final class I2vApp {
    private I2vApp() {}

    public static void main(String[] args) {
        App app = new App();
        boolean jvm = "jvm".equals(app.getNode().tryGetContext("runtime"));
        Object max = app.getNode().tryGetContext("maxWorkers");
        DeploymentOptions defaults =
                DeploymentOptions.defaults(Path.of("..").toAbsolutePath().normalize(), !jvm);
        Object backend = app.getNode().tryGetContext("backend");
        DeploymentOptions options = max == null ? defaults : defaults.withMaxWorkers(Integer.parseInt(max.toString()));
        options = backend == null ? options : options.withBackend(backend.toString());
        new I2vStack(
                app,
                "I2v",
                StackProps.builder()
                        .env(Environment.builder()
                                .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                                .region(System.getenv("CDK_DEFAULT_REGION"))
                                .build())
                        .description("i2v image-to-video job service")
                        .build(),
                options);
        app.synth();
    }
}
