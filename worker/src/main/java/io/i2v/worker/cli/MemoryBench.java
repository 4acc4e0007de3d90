package io.i2v.worker.cli;

import io.i2v.worker.bench.SyntheticPhoto;
import io.i2v.worker.media.ImageDecoder;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * {@code ./i2v bench-memory}: peak resident memory (Linux VmHWM) of a worker processing a 100 MP
 * JPEG. Makes the photo here, then measures two child JVMs, each started with the launcher's
 * flags (plus {@code I2V_BENCH_JAVA_OPTS}): one that only decodes it as a job would
 * ({@code ImageDecoder}, 1080p output), and one that runs a whole local-mode job on it
 * ({@code animate}: embedded S3/SQS, API, worker, renderer, encoder: more than a worker alone).
 * Plain Java, no Quarkus: run with the app's classpath.
 */
public final class MemoryBench {
    private MemoryBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--decode-only")) {
            decodeOnly(Path.of(args[1]));
            return;
        }
        Path jar = Path.of(args.length > 0 ? args[0] : "worker/target/quarkus-app/quarkus-run.jar")
                .toAbsolutePath();
        Path dir = Files.createTempDirectory("i2v-bench-memory");
        Path photo = dir.resolve("photo-100mp.jpg");
        int w = 12_248;
        int h = 8_165; // 100.0 MP, 3:2 like a camera sensor
        long t0 = System.nanoTime();
        writePhoto(photo, w, h);
        System.out.printf(
                Locale.ROOT,
                "made %s: %dx%d (%.1f MP), %,d bytes in %.1f s%n",
                photo.getFileName(),
                w,
                h,
                w * (double) h / 1e6,
                Files.size(photo),
                (System.nanoTime() - t0) / 1e9);
        String cp = System.getProperty("java.class.path");

        Result decode =
                measure(List.of(), List.of("-cp", cp, MemoryBench.class.getName(), "--decode-only", photo.toString()));
        System.out.printf(
                Locale.ROOT,
                "decode only (ImageDecoder, 1080p output): peak RSS %,d MB, %.1f s, exit %d%n",
                decode.peakMb(),
                decode.seconds(),
                decode.exit());
        decode.output().forEach(l -> System.out.println("  " + l));

        Path out = dir.resolve("out.mp4");
        Result job = measure(
                List.of(WorkerJvm.LAUNCHER_HEAP),
                List.of(
                        "-Di2v.worker.local.dir=" + dir.resolve("state"),
                        "-jar",
                        jar.toString(),
                        "animate",
                        photo.toString(),
                        "--prompt",
                        "a 3-second 1080p video, slow zoom in, parallax",
                        "-o",
                        out.toString()));
        System.out.printf(
                Locale.ROOT,
                "whole local-mode job (animate, 3 s 1080p): peak RSS %,d MB, %.1f s, exit %d%n",
                job.peakMb(),
                job.seconds(),
                job.exit());
        job.output().stream()
                .filter(l -> l.startsWith("wrote")
                        || l.startsWith("i2v:")
                        || l.contains("FAILED")
                        || l.startsWith("understood")
                        || l.startsWith("not done"))
                .forEach(l -> System.out.println("  " + l));
        System.out.printf(
                Locale.ROOT, "limit 1536 MB: %s%n", Math.max(decode.peakMb(), job.peakMb()) < 1536 ? "under" : "OVER");
        deleteTree(dir);
        System.exit(decode.exit() == 0 && job.exit() == 0 ? 0 : 1);
    }

    private static void decodeOnly(Path photo) {
        ImageIO.scanForPlugins();
        long t0 = System.nanoTime();
        BufferedImage img = new ImageDecoder(200_000_000L, 209_715_200L, 1920).decode(photo);
        System.out.printf(
                Locale.ROOT,
                "decoded to %dx%d in %.1f s%n",
                img.getWidth(),
                img.getHeight(),
                (System.nanoTime() - t0) / 1e9);
    }

    /** A camera-like photo: gradients, shapes and noise, so the JPEG is as large as a real one. */
    private static void writePhoto(Path file, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        // a sharp subject over a soft background, so the job takes the layered (parallax) path, its heaviest
        g.drawImage(SyntheticPhoto.withSubject(w, h, 42, 0.45, 10), 0, 0, null);
        g.dispose();
        // sensor-like noise, so the file is the size of a real 100 MP photo, not a 5 MB gradient
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        long seed = 42;
        for (int i = 0; i < px.length; i++) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            px[i] = (byte) Math.max(0, Math.min(255, (px[i] & 0xff) + (int) (seed >>> 59) - 16));
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.92f); // a camera's "fine"
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    private record Result(long peakMb, double seconds, int exit, List<String> output) {}

    /**
     * Runs a child JVM and polls its VmHWM (peak resident set) until it exits: the worker options,
     * {@code jvm} (what the launcher adds), {@code I2V_BENCH_JAVA_OPTS} (which may override it), then {@code args}.
     */
    private static Result measure(List<String> jvm, List<String> args) throws Exception {
        List<String> command = WorkerJvm.command(jvm);
        String extra = System.getenv("I2V_BENCH_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(args);
        Path log = Files.createTempFile("i2v-bench", ".log");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        long peakKb = 0;
        while (p.isAlive()) {
            peakKb = Math.max(peakKb, vmHwmKb(status));
            Thread.sleep(50);
        }
        int exit = p.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<String> output = Files.readAllLines(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        return new Result(peakKb / 1024, seconds, exit, output);
    }

    private static long vmHwmKb(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended between the check and the read
        }
        return 0;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
