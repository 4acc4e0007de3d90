package io.i2v.worker.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.config.JsonSetup;
import io.i2v.core.storage.S3Keys;
import io.i2v.local.EmbeddedAws;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code ./i2v chaos}: S3 and SQS servers in this process, the worker as a child process that is
 * killed with SIGKILL at random moments and restarted at once, and jobs submitted through its
 * API. Prints, per job: SUCCEEDED, results stored, success events, renders (expected: all, 1, 1, 1).
 * A render counts when it finished, which is when it is kept on the worker's disk (flushed, its
 * description renamed into place); a later delivery takes a kept render over, so a second count
 * means a render made twice. A SIGKILL between the encoder closing and the render being kept (the
 * poster and a flush) costs a render that is not counted: the count cannot see it.
 * The servers live outside the worker on purpose: killing the worker must not take the queue with it.
 * With {@code --backend nemo} the NemoVideo simulator runs as one more process, and the
 * instructions and renders each job's session received are counted there.
 */
public final class ChaosRun {
    private static final String BUCKET = "i2v-chaos";
    private static final Pattern JOB_LINE = Pattern.compile("job (job_[a-z2-7]{26}): (render finished|result stored)");

    private final int jobs;
    private final int kills;
    private final String backend;
    private Process simulator;
    private String simulatorUrl;
    private final long seed;
    private final Path dir;
    private final Random random;
    private final ObjectMapper json = JsonSetup.newMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Path> logs = new ArrayList<>();
    /** The worker's API key for this run, never printed. */
    private final String apiKey = UUID.randomUUID().toString();
    private EmbeddedAws aws;
    private Process worker;
    private int port;

    private ChaosRun(int jobs, int kills, long seed, Path dir, String backend) {
        this.backend = backend;
        this.jobs = jobs;
        this.kills = kills;
        this.seed = seed;
        this.dir = dir;
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws Exception {
        int jobs = 50;
        int kills = 10;
        long seed = System.nanoTime();
        String backend = "local";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jobs" -> jobs = Integer.parseInt(args[++i]);
                case "--kills" -> kills = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--backend" -> backend = args[++i];
                default -> {
                    System.err.println("usage: ./i2v chaos [--jobs 50] [--kills 10] [--seed N] [--backend local|nemo]");
                    System.exit(2);
                }
            }
        }
        Path dir = Files.createTempDirectory("i2v-chaos");
        int code = new ChaosRun(jobs, kills, seed, dir, backend).run();
        System.exit(code);
    }

    private int run() throws Exception {
        long start = System.nanoTime();
        aws = EmbeddedAws.start(dir.resolve("s3"));
        try {
            aws.createBucket(BUCKET);
            aws.createQueue("chaos-jobs", 30, 25);
            aws.createQueue("chaos-events.fifo", 30, 5);
            aws.createQueue("chaos-webhooks", 60, 10);
            port = freePort();
            System.out.printf("chaos: %d jobs, %d SIGKILLs, backend %s, seed %d, logs in %s%n", jobs, kills, backend,
                    seed, dir);
            if (cloud()) {
                startSimulator();
            }
            startWorker();
            List<String> ids = submitAll();
            for (int k = 1; k <= kills; k++) {
                Thread.sleep(1500 + random.nextInt(5000));
                worker.destroyForcibly().waitFor();
                System.out.printf("chaos: SIGKILL %d/%d at %.1f s%n", k, kills, seconds(start));
                startWorker();
            }
            Map<String, String> states = awaitAll(ids, Duration.ofMinutes(20));
            worker.destroy();
            worker.waitFor();
            return report(ids, states, start);
        } finally {
            if (worker != null) {
                worker.destroyForcibly();
            }
            if (simulator != null) {
                simulator.destroyForcibly();
            }
            aws.close();
        }
    }

    private void startWorker() throws Exception {
        Path log = dir.resolve("worker-" + (logs.size() + 1) + ".log");
        logs.add(log);
        Path jar = Path.of(System.getProperty("i2v.jar", "worker/target/quarkus-app/quarkus-run.jar"));
        ProcessBuilder pb = new ProcessBuilder(io.i2v.worker.cli.WorkerJvm.command(List.of("-jar", jar.toString())));
        Map<String, String> env = new HashMap<>();
        env.put("I2V_STORAGE_BUCKET", BUCKET);
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
        if (cloud()) {
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
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("worker not ready after 90 s; see " + log);
    }

    private static final String SIM_TOKEN = "nmv_usr_chaos";

    private boolean cloud() {
        return backend.equals("nemo");
    }

    private void startSimulator() throws Exception {
        Path app = Path.of(System.getProperty("i2v.jar", "worker/target/quarkus-app/quarkus-run.jar")).getParent();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", app.resolve("lib/main") + "/*", "io.i2v.nemosim.SimulatorMain", "--event-gap-ms", "1000", "--heartbeats", "4",
                "--token", SIM_TOKEN);
        pb.redirectError(dir.resolve("simulator.log").toFile());
        simulator = pb.start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(simulator.getInputStream()))) {
            simulatorUrl = out.readLine();
        }
        if (simulatorUrl == null || !simulatorUrl.startsWith("http")) {
            throw new IllegalStateException("the NemoVideo simulator did not start; see " + dir.resolve("simulator.log"));
        }
        System.out.printf("chaos: NemoVideo simulator at %s (separate process)%n", simulatorUrl);
    }

    /** Per job, from the simulator: instructions and renders its session received. */
    private Map<String, int[]> cloudCounts(List<String> ids) throws Exception {
        JsonNode record = json.readTree(http.send(HttpRequest.newBuilder(URI.create(simulatorUrl + "/_sim/record"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body());
        S3Client s3 = aws.s3Client();
        Map<String, int[]> counts = new HashMap<>();
        for (String id : ids) {
            JsonNode status = json.readTree(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(S3Keys.status(id)))
                    .asByteArray());
            String session = status.path("checkpoints").path("nemo.session").asText(null);
            counts.put(id, session == null ? new int[] {0, 0} : new int[] {
                    record.path("instructions").path(session).asInt(), record.path("renders").path(session).asInt()});
        }
        return counts;
    }

    private List<String> submitAll() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            String body = json.writeValueAsString(Map.of(
                    "prompt", "a 2-second 720p clip at 24 fps, slow zoom in",
                    "images", List.of(Map.of("name", "chaos-" + i + ".jpg", "data",
                            Base64.getEncoder().encodeToString(image(i))))));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/v1/jobs")).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + apiKey)
                    .header("Idempotency-Key", "chaos-" + seed + "-" + i)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 202) {
                throw new IllegalStateException("submission " + i + " answered " + r.statusCode() + ": " + r.body());
            }
            ids.add(json.readTree(r.body()).get("id").asText());
        }
        System.out.printf("chaos: %d jobs submitted%n", ids.size());
        return ids;
    }

    private Map<String, String> awaitAll(List<String> ids, Duration wait) throws Exception {
        S3Client s3 = aws.s3Client();
        long deadline = System.nanoTime() + wait.toNanos();
        Map<String, String> states = new TreeMap<>();
        while (true) {
            for (String id : ids) {
                JsonNode status = json.readTree(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(S3Keys.status(id)))
                        .asByteArray());
                states.put(id, status.get("state").get("name").asText());
            }
            long open = states.values().stream().filter(s -> s.equals("QUEUED") || s.equals("RUNNING")).count();
            if (open == 0 || System.nanoTime() > deadline) {
                return states;
            }
            Thread.sleep(1000);
        }
    }

    private int report(List<String> ids, Map<String, String> states, long start) throws Exception {
        Map<String, Integer> renders = new HashMap<>();
        Map<String, Integer> stores = new HashMap<>();
        for (Path log : logs) {
            for (String line : Files.readAllLines(log)) {
                Matcher m = JOB_LINE.matcher(line);
                if (m.find()) {
                    (m.group(2).equals("render finished") ? renders : stores).merge(m.group(1), 1, Integer::sum);
                }
            }
        }
        Map<String, Integer> successEvents = successEvents();
        long succeeded = states.values().stream().filter("SUCCEEDED"::equals).count();
        System.out.printf("%nchaos: finished in %.0f s with %d worker starts%n", seconds(start), logs.size());
        System.out.printf("jobs SUCCEEDED: %d of %d%n", succeeded, ids.size());
        print("results stored per job", ids, stores);
        print("success events per job", ids, successEvents);
        Map<String, Integer> instructions = new HashMap<>();
        if (cloud()) {
            Map<String, int[]> counts = cloudCounts(ids);
            counts.forEach((id, c) -> {
                instructions.put(id, c[0]);
                renders.put(id, c[1]); // renders the cloud was asked for
            });
            print("instructions sent per job (simulator)", ids, instructions);
            print("renders per job (simulator)", ids, renders);
        } else {
            print("renders per job", ids, renders);
            System.out.println("instructions sent per job: n/a with the local backend (--backend nemo counts them)");
        }
        boolean ok = succeeded == ids.size() && ids.stream().allMatch(id -> stores.getOrDefault(id, 0) == 1
                && successEvents.getOrDefault(id, 0) == 1 && renders.getOrDefault(id, 0) == 1
                && (!cloud() || instructions.getOrDefault(id, 0) == 1));
        System.out.println(ok ? "chaos: OK — nothing lost, nothing done twice" : "chaos: FAILED expectations; logs in "
                + dir);
        return ok ? 0 : 1;
    }

    private void print(String what, List<String> ids, Map<String, Integer> counts) {
        Map<Integer, Long> histogram = new TreeMap<>();
        ids.forEach(id -> histogram.merge(counts.getOrDefault(id, 0), 1L, Long::sum));
        StringBuilder sb = new StringBuilder();
        histogram.forEach((n, jobsWithN) -> sb.append(sb.length() == 0 ? "" : ", ").append(jobsWithN)
                .append(jobsWithN == 1 ? " job" : " jobs").append(" × ").append(n));
        boolean allOne = histogram.size() == 1 && histogram.containsKey(1);
        System.out.printf("%s: %s (%s)%n", what, allOne ? "1" : "not always 1", sb);
    }

    private Map<String, Integer> successEvents() throws Exception {
        SqsClient sqs = aws.sqsClient();
        String url = sqs.getQueueUrl(b -> b.queueName("chaos-events.fifo")).queueUrl();
        Map<String, Integer> counts = new HashMap<>();
        int empty = 0;
        while (empty < 3) {
            var messages = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            empty = messages.isEmpty() ? empty + 1 : 0;
            for (var m : messages) {
                JsonNode e = json.readTree(m.body());
                if ("job.succeeded".equals(e.get("type").asText())) {
                    counts.merge(e.get("jobId").asText(), 1, Integer::sum);
                }
                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
        return counts;
    }

    private byte[] image(int i) throws IOException {
        BufferedImage img = new BufferedImage(960, 640, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.getHSBColor(i / (float) jobs, 0.6f, 0.9f), 960, 640,
                Color.getHSBColor(1 - i / (float) jobs, 0.7f, 0.3f)));
        g.fillRect(0, 0, 960, 640);
        g.setColor(Color.WHITE);
        for (int k = 0; k < 40; k++) {
            g.fillOval(random.nextInt(900), random.nextInt(600), 20 + random.nextInt(60), 20 + random.nextInt(60));
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
