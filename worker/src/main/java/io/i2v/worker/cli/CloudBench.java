package io.i2v.worker.cli;

import io.i2v.core.job.Interpretation;
import io.i2v.core.job.JobStage;
import io.i2v.worker.backend.BackendJob;
import io.i2v.worker.backend.BackendResult;
import io.i2v.worker.backend.VideoBackend;
import io.i2v.worker.nemo.NemoBackend;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;

/**
 * {@code i2v bench-cloud}: many concurrent cloud jobs in this JVM against a NemoVideo endpoint
 * (the launcher starts the simulator in its own JVM). Drives {@link NemoBackend} directly — the
 * whole cloud flow (session, upload, stream, state, credits, render, poll, download, probe) — not
 * the queue and S3 path around it. Prints jobs completed, peak heap, peak threads, and the p99
 * time from a job's stream end to its video being ready.
 */
@ApplicationScoped
public class CloudBench {
    private final NemoBackend backend;

    public CloudBench(@Identifier("nemo") NemoBackend backend) {
        this.backend = backend;
    }

    public int run(int jobs, long timeoutSeconds) throws IOException, InterruptedException {
        Path root = Files.createTempDirectory("i2v-bench-cloud");
        Path image = root.resolve("scene.jpg");
        ImageIO.write(scene(), "jpg", image.toFile());
        BufferedImage decoded = ImageIO.read(image.toFile());

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        threads.resetPeakThreadCount();
        int threadsBefore = threads.getThreadCount();
        AtomicLong peakHeap = new AtomicLong(memory.getHeapMemoryUsage().getUsed());
        AtomicInteger streaming = new AtomicInteger();
        AtomicInteger peakStreaming = new AtomicInteger();
        Map<Integer, Long> streamEnd = new ConcurrentHashMap<>();
        List<Long> endToReady = Collections.synchronizedList(new ArrayList<>());
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        AtomicInteger completed = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(jobs);

        Thread sampler = new Thread(
                () -> {
                    while (finished.getCount() > 0) {
                        peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "bench-sampler");
        sampler.setDaemon(true);
        sampler.start();

        long start = System.nanoTime();
        for (int i = 0; i < jobs; i++) {
            int n = i;
            Path work = Files.createDirectories(root.resolve("job-" + i));
            BackendJob job = new BackendJob(
                    "bench_" + i,
                    "animate this scene gently (bench job " + i + ")",
                    null,
                    List.of(new BackendJob.InputImage("scene.jpg", decoded, image)),
                    work);
            VideoBackend.Progress progress = new VideoBackend.Progress() {
                public void report(JobStage stage, double fraction) {}

                public void planned(Interpretation interpretation, String timeline) {}

                public void checkpoint(String step, String value) {
                    if (step.equals("nemo.instruction") && value.equals("sending")) {
                        peakStreaming.accumulateAndGet(streaming.incrementAndGet(), Math::max);
                    } else if (step.equals("nemo.instruction") && value.equals("answered")) {
                        streaming.decrementAndGet();
                        streamEnd.put(n, System.nanoTime());
                    }
                }
            };
            backend.start(job, progress)
                    .subscribe()
                    .with(
                            result -> {
                                Long ended = streamEnd.get(n);
                                if (ended != null) {
                                    endToReady.add(System.nanoTime() - ended);
                                }
                                completed.incrementAndGet();
                                cleanup(result);
                                finished.countDown();
                            },
                            failure -> {
                                failures.computeIfAbsent(
                                                failure.getClass().getSimpleName() + ": " + failure.getMessage(),
                                                k -> new AtomicInteger())
                                        .incrementAndGet();
                                finished.countDown();
                            });
        }
        boolean all = finished.await(timeoutSeconds, TimeUnit.SECONDS);
        double took = (System.nanoTime() - start) / 1e9;
        peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);

        List<Long> sorted = new ArrayList<>(endToReady);
        Collections.sort(sorted);
        System.out.printf(
                "bench-cloud: %d jobs submitted at once, %d completed, %d failed%s in %.1f s%n",
                jobs,
                completed.get(),
                jobs - completed.get() - (int) finished.getCount(),
                all ? "" : " (" + finished.getCount() + " unfinished at the timeout)",
                took);
        System.out.printf("  streams open at once (peak): %d%n", peakStreaming.get());
        System.out.printf(
                "  peak heap used: %.1f MB (max heap %.0f MB)%n",
                peakHeap.get() / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
        System.out.printf(
                "  peak live threads: %d (%d before the jobs started)%n", threads.getPeakThreadCount(), threadsBefore);
        System.out.printf(
                "  stream end -> video ready: p50 %s, p99 %s, max %s (%d samples)%n",
                ms(sorted, 0.50), ms(sorted, 0.99), ms(sorted, 1.0), sorted.size());
        new TreeMap<>(failures).forEach((k, v) -> System.out.println("  failure x" + v + ": " + k));
        return all && completed.get() == jobs ? 0 : 1;
    }

    private static String ms(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return "n/a";
        }
        int i = Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1);
        return Math.max(0, i) < sorted.size() ? String.format("%.0f ms", sorted.get(Math.max(0, i)) / 1e6) : "n/a";
    }

    private static void cleanup(BackendResult result) {
        try {
            Files.deleteIfExists(result.video());
            Files.deleteIfExists(result.poster());
        } catch (IOException e) {
            // scratch space in a temp folder
        }
    }

    private static BufferedImage scene() {
        BufferedImage img = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(30, 90, 160), 640, 480, new Color(240, 200, 80)));
        g.fillRect(0, 0, 640, 480);
        g.dispose();
        return img;
    }
}
