package io.i2v.worker.chaos;

import io.i2v.local.EmbeddedAws;
import io.i2v.worker.cli.WorkerJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The child processes of a chaos run: the worker JVM (started, killed with SIGKILL, started again,
 * each start with its own log) and, with {@code --backend nemo}, the NemoVideo simulator.
 */
final class ChaosProcesses {
    private static final String SIM_TOKEN = "nmv_usr_chaos";

    private final EmbeddedAws aws;
    private final Path dir;
    private final int port;
    private final String apiKey;
    private final boolean cloud;
    private final HttpClient http;
    private final List<Path> logs = new ArrayList<>();
    private Process simulator;
    private String simulatorUrl;
    private Process worker;

    ChaosProcesses(EmbeddedAws aws, Path dir, int port, String apiKey, boolean cloud, HttpClient http) {
        this.aws = aws;
        this.dir = dir;
        this.port = port;
        this.apiKey = apiKey;
        this.cloud = cloud;
        this.http = http;
    }

    /** The log of each worker start, in order. */
    List<Path> logs() {
        return logs;
    }

    /** The simulator's address, once it started (null with the local backend). */
    String simulatorUrl() {
        return simulatorUrl;
    }

    void startWorker() throws Exception {
        Path log = dir.resolve("worker-" + (logs.size() + 1) + ".log");
        logs.add(log);
        Path jar = Path.of(System.getProperty("i2v.jar", "worker/target/quarkus-app/quarkus-run.jar"));
        ProcessBuilder pb = new ProcessBuilder(WorkerJvm.command(List.of("-jar", jar.toString())));
        Map<String, String> env = new HashMap<>();
        env.put("I2V_STORAGE_BUCKET", ChaosRun.BUCKET);
        env.put("I2V_QUEUES_JOBS", "chaos-jobs");
        env.put("I2V_QUEUES_EVENTS", "chaos-events.fifo");
        env.put("I2V_QUEUES_WEBHOOKS", "chaos-webhooks");
        env.put("I2V_AWS_S3_ENDPOINT", aws.s3Endpoint().toString());
        env.put("I2V_AWS_SQS_ENDPOINT", aws.sqsEndpoint().toString());
        env.put("I2V_AWS_ACCESS_KEY_ID", EmbeddedAws.ACCESS_KEY);
        env.put("I2V_AWS_SECRET_ACCESS_KEY", EmbeddedAws.SECRET_KEY);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        // not local mode, so the worker serves its API only when told to, and only with a key
        env.put("I2V_WORKER_API_ENABLED", "true");
        env.put("I2V_API_KEYS", "chaos=" + apiKey);
        // a killed worker's job comes back within 15 s instead of 5 minutes
        env.put("I2V_WORKER_HEARTBEAT_INTERVAL", "PT5S");
        env.put("I2V_WORKER_HEARTBEAT_EXTENSION", "PT15S");
        env.put("I2V_WORKER_MAX_ATTEMPTS", "20");
        if (cloud) {
            env.put("I2V_BACKEND", "nemo");
            env.put("NEMO_API_URL", simulatorUrl);
            env.put("NEMO_TOKEN", SIM_TOKEN);
            env.put("I2V_WORKER_NEMO_POLL_INTERVAL", "PT0.5S");
            // streams of about 10 s, at most 8 at once: SIGKILLs land in every step of the cloud flow
            env.put("I2V_WORKER_NEMO_MAX_IN_FLIGHT", "8");
            // the protocol's 30 s / 60 s recovery cadence, scaled down tenfold
            env.put("I2V_WORKER_NEMO_RECOVERY_FIRST_WAIT", "PT3S");
            env.put("I2V_WORKER_NEMO_RECOVERY_NEXT_WAIT", "PT6S");
        }
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        worker = pb.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!worker.isAlive()) {
                throw new IllegalStateException("worker exited; see " + log);
            }
            try {
                if (http.send(
                                        HttpRequest.newBuilder(
                                                        URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                                                .timeout(Duration.ofSeconds(3))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("worker not ready after 90 s; see " + log);
    }

    /** SIGKILL, and wait until the worker is gone. */
    void killWorker() throws InterruptedException {
        worker.destroyForcibly().waitFor();
    }

    /** The orderly stop at the end of the run. */
    void stopWorker() throws InterruptedException {
        worker.destroy();
        worker.waitFor();
    }

    /** Whatever is still running, killed (the run ended or failed). */
    void destroyForcibly() {
        if (worker != null) {
            worker.destroyForcibly();
        }
        if (simulator != null) {
            simulator.destroyForcibly();
        }
    }

    void startSimulator() throws Exception {
        Path app = Path.of(System.getProperty("i2v.jar", "worker/target/quarkus-app/quarkus-run.jar"))
                .getParent();
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                app.resolve("lib/main") + "/*",
                "io.i2v.nemosim.SimulatorMain",
                "--event-gap-ms",
                "1000",
                "--heartbeats",
                "4",
                "--token",
                SIM_TOKEN);
        pb.redirectError(dir.resolve("simulator.log").toFile());
        simulator = pb.start();
        try (var out = new BufferedReader(new InputStreamReader(simulator.getInputStream()))) {
            simulatorUrl = out.readLine();
        }
        if (simulatorUrl == null || !simulatorUrl.startsWith("http")) {
            throw new IllegalStateException(
                    "the NemoVideo simulator did not start; see " + dir.resolve("simulator.log"));
        }
        System.out.printf("chaos: NemoVideo simulator at %s (separate process)%n", simulatorUrl);
    }
}
