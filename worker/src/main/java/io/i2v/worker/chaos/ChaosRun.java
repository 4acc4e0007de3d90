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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import javax.imageio.ImageIO;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code ./i2v chaos}: S3 and SQS servers in this process, the worker as a child process that is
 * killed with SIGKILL at random moments and restarted at once, and jobs submitted through its
 * API. Prints, per job: SUCCEEDED, results stored, success events, renders (expected: all, 1, 1, 1);
 * how each is counted is in {@link ChaosVerdict}, the child processes are in {@link ChaosProcesses}.
 * The servers live outside the worker on purpose: killing the worker must not take the queue with it.
 * With {@code --backend nemo} the NemoVideo simulator runs as one more process, and the
 * instructions and renders each job's session received are counted there.
 */
public final class ChaosRun {
    static final String BUCKET = "i2v-chaos";

    private final int jobs;
    private final int kills;
    private final String backend;
    private final long seed;
    private final Path dir;
    private final Random random;
    private final ObjectMapper json = JsonSetup.newMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The worker's API key for this run, never printed. */
    private final String apiKey = UUID.randomUUID().toString();

    private EmbeddedAws aws;
    private ChaosProcesses processes;
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
            System.out.printf(
                    "chaos: %d jobs, %d SIGKILLs, backend %s, seed %d, logs in %s%n", jobs, kills, backend, seed, dir);
            processes = new ChaosProcesses(aws, dir, port, apiKey, cloud(), http);
            if (cloud()) {
                processes.startSimulator();
            }
            processes.startWorker();
            List<String> ids = submitAll();
            for (int k = 1; k <= kills; k++) {
                Thread.sleep(1500 + random.nextInt(5000));
                processes.killWorker();
                System.out.printf("chaos: SIGKILL %d/%d at %.1f s%n", k, kills, seconds(start));
                processes.startWorker();
            }
            Map<String, String> states = awaitAll(ids, Duration.ofMinutes(20));
            processes.stopWorker();
            return new ChaosVerdict(aws, json, http, dir, processes.logs(), processes.simulatorUrl(), cloud())
                    .report(ids, states, start);
        } finally {
            if (processes != null) {
                processes.destroyForcibly();
            }
            aws.close();
        }
    }

    private boolean cloud() {
        return backend.equals("nemo");
    }

    private List<String> submitAll() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            String body = json.writeValueAsString(Map.of(
                    "prompt",
                    "a 2-second 720p clip at 24 fps, slow zoom in",
                    "images",
                    List.of(Map.of(
                            "name",
                            "chaos-" + i + ".jpg",
                            "data",
                            Base64.getEncoder().encodeToString(image(i))))));
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/jobs"))
                            .timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + apiKey)
                            .header("Idempotency-Key", "chaos-" + seed + "-" + i)
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
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
                JsonNode status =
                        json.readTree(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(S3Keys.status(id)))
                                .asByteArray());
                states.put(id, status.get("state").get("name").asText());
            }
            long open = states.values().stream()
                    .filter(s -> s.equals("QUEUED") || s.equals("RUNNING"))
                    .count();
            if (open == 0 || System.nanoTime() > deadline) {
                return states;
            }
            Thread.sleep(1000);
        }
    }

    private byte[] image(int i) throws IOException {
        BufferedImage img = new BufferedImage(960, 640, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(
                0,
                0,
                Color.getHSBColor(i / (float) jobs, 0.6f, 0.9f),
                960,
                640,
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

    static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
