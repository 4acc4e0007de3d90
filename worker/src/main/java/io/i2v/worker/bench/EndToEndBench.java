package io.i2v.worker.bench;

import io.i2v.core.job.JobOptions;
import io.i2v.worker.config.WorkerConfig;
import io.i2v.worker.media.VideoInfo;
import io.i2v.worker.media.VideoProbe;
import io.i2v.worker.media.VideoWriter;
import io.i2v.worker.plan.PromptInterpreter;
import io.i2v.worker.plan.RenderPlan;
import io.i2v.worker.render.LocalRenderer;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * {@code i2v bench --e2e}: what a user waits for. {@code ./i2v animate} of a large photo (a fresh
 * JVM, the local stack, upload, render, check, store, download) against the ffmpeg
 * {@code zoompan} one-liner they could run instead, same encoder settings, in alternating pairs
 * after one unmeasured pair; wall and CPU time of each, and the median of the pairs' own ratios.
 */
@ApplicationScoped
public class EndToEndBench {
    /** The bench's flat path, which is what the one-liner does: a 10 s 1080p30 centred push-in. */
    static final String PROMPT = "10-second 1080p 30 fps flat push-in";

    private final WorkerConfig config;
    private final PrintStream out = System.out;
    private boolean withTimings = true;

    public EndToEndBench(WorkerConfig config) {
        this.config = config;
    }

    public int run(Path given, double megapixels, int pairs) throws Exception {
        Path script = Path.of(System.getenv().getOrDefault("I2V_SCRIPT", "i2v")).toAbsolutePath(); // set by ./i2v
        if (!Files.isExecutable(script)) {
            out.println("i2v bench --e2e: run it through ./i2v (no i2v script at " + script + ")");
            return 2;
        }
        Path dir = Files.createTempDirectory("i2v-e2e-");
        try {
            return bench(script, dir, given, megapixels, pairs);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private int bench(Path script, Path dir, Path given, double megapixels, int pairs) throws Exception {
        VideoWriter.EncoderSettings enc = LocalRenderer.settings(config);
        Path photo = photo(dir, given, megapixels);
        BufferedImage read = ImageIO.read(photo.toFile());
        RenderPlan plan = PromptInterpreter.of(config.render()).interpret(PROMPT, JobOptions.none(), List.of("photo"));
        int w = plan.width();
        int h = plan.height();
        int frames = plan.frameCount();
        String zoompan = Zoompan.filter(frames, w, h, plan.fps());
        Optional<String> ffmpeg = Zoompan.executable();
        out.printf(
                Locale.ROOT,
                "i2v bench --e2e: ./i2v animate vs the ffmpeg zoompan one-liner on a %.1f MP photo "
                        + "(%dx%d, %.1f MB JPEG), %d alternating pairs after one unmeasured pair, medians (lowest–highest)%n",
                read.getWidth() * (double) read.getHeight() / 1e6,
                read.getWidth(),
                read.getHeight(),
                Files.size(photo) / 1e6,
                pairs);
        read = null;
        out.printf(Locale.ROOT, "ours:   %s animate photo.jpg --prompt \"%s\" -o i2v.mp4%n", script, PROMPT);
        out.printf(
                Locale.ROOT,
                "theirs: %s%n",
                String.join(
                        " ",
                        Zoompan.command(
                                ffmpeg.orElse("ffmpeg"),
                                Path.of("photo.jpg"),
                                Path.of("zoompan.mp4"),
                                zoompan,
                                frames,
                                enc)));
        out.println(ffmpeg.map(f -> "        (the executable " + f + ")")
                .orElse("        (no ffmpeg executable "
                        + "starts on this machine: the same filter graph and x264 settings run in this process, so their "
                        + "figure leaves out ffmpeg's own start-up, about 0.1 s)"));
        out.printf(
                Locale.ROOT,
                "machine: %d cores, load average %.2f at start%n",
                Runtime.getRuntime().availableProcessors(),
                Gauges.load());
        Rounds oursWall = Rounds.of(pairs);
        Rounds oursCpu = Rounds.of(pairs);
        Rounds theirsWall = Rounds.of(pairs);
        Rounds theirsCpu = Rounds.of(pairs);
        List<String> timings = new ArrayList<>();
        for (int p = -1; p < pairs; p++) {
            boolean oursFirst = p % 2 == 0; // alternate, so drifting load falls on both sides alike
            Timed ours = null;
            Timed theirs = null;
            for (int side = 0; side < 2; side++) {
                if ((side == 0) == oursFirst) {
                    ours = animate(script, dir, photo, p);
                } else {
                    theirs = oneLiner(ffmpeg, dir, photo, zoompan, plan, enc);
                }
            }
            if (p < 0) {
                out.printf(
                        Locale.ROOT,
                        "  unmeasured pair: i2v %.2f s, zoompan %.2f s (caches, page cache, archive)%n",
                        ours.wall(),
                        theirs.wall());
                continue;
            }
            oursWall.set(p, ours.wall());
            oursCpu.set(p, ours.cpu());
            theirsWall.set(p, theirs.wall());
            theirsCpu.set(p, theirs.cpu());
            timings.add(ours.timings());
            out.printf(
                    Locale.ROOT,
                    "  pair %d (%s first): i2v %.2f s wall, %.2f s CPU; zoompan %.2f s wall, %.2f s CPU;"
                            + " ratio %.2f; load %.2f%n",
                    p + 1,
                    oursFirst ? "i2v" : "zoompan",
                    ours.wall(),
                    ours.cpu(),
                    theirs.wall(),
                    theirs.cpu(),
                    ours.wall() / theirs.wall(),
                    Gauges.load());
        }
        VideoInfo ourVideo = VideoProbe.probe(dir.resolve("i2v.mp4"));
        VideoInfo theirVideo = VideoProbe.probe(dir.resolve("zoompan.mp4"));
        out.printf(
                Locale.ROOT,
                "videos: i2v %dx%d %d frames %.1f MB, zoompan %dx%d %d frames %.1f MB%n",
                ourVideo.width(),
                ourVideo.height(),
                ourVideo.frames(),
                Files.size(dir.resolve("i2v.mp4")) / 1e6,
                theirVideo.width(),
                theirVideo.height(),
                theirVideo.frames(),
                Files.size(dir.resolve("zoompan.mp4")) / 1e6);
        Rounds wallRatio = oursWall.over(theirsWall);
        Rounds cpuRatio = oursCpu.over(theirsCpu);
        int middle = middleRound(wallRatio);
        out.printf(Locale.ROOT, "%n== animate phases, pair %d (the median pair)%n%s", middle + 1, timings.get(middle));
        out.printf(Locale.ROOT, "%n== summary (medians of %d pairs)%n", pairs);
        out.printf(
                Locale.ROOT,
                "i2v animate wall:        %s s (CPU %s s)%n",
                oursWall.describe("%.2f"),
                oursCpu.describe("%.2f"));
        out.printf(
                Locale.ROOT,
                "zoompan one-liner wall:  %s s (CPU %s s)%n",
                theirsWall.describe("%.2f"),
                theirsCpu.describe("%.2f"));
        out.printf(
                Locale.ROOT,
                "end-to-end wall ratio:   %s    (i2v / zoompan, the pairs' own ratios %s; target <= 1.0)%n",
                wallRatio.describe("%.2f"),
                wallRatio.list("%.2f"));
        out.printf(Locale.ROOT, "end-to-end CPU ratio:    %s%n", cpuRatio.describe("%.2f"));
        out.printf(Locale.ROOT, "load average at end: %.2f%n", Gauges.load());
        return 0;
    }

    /** The index of the round whose figure is the median. */
    private static int middleRound(Rounds r) {
        double m = r.median();
        for (int i = 0; i < r.count(); i++) {
            if (r.get(i) == m) {
                return i;
            }
        }
        return 0;
    }

    private record Timed(double wall, double cpu, String timings) {}

    /** A fresh {@code ./i2v animate} with its own state directory, as a user runs it; CPU from the reaped child. */
    private Timed animate(Path script, Path dir, Path photo, int pair) throws Exception {
        Path log = dir.resolve("animate.log");
        Path state = dir.resolve("state-" + (pair + 1));
        List<String> cmd = new ArrayList<>(List.of(
                script.toString(),
                "animate",
                photo.toString(),
                "--prompt",
                PROMPT,
                "-o",
                dir.resolve("i2v.mp4").toString()));
        if (withTimings) {
            cmd.add("--timings");
        }
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        b.environment().put("I2V_STATE_DIR", state.toString());
        // the bench's own launch time, which ./i2v exported to it: each animate counts from its own
        b.environment().remove("I2V_LAUNCHED_AT");
        double c0 = Gauges.childCpu();
        long t0 = System.nanoTime();
        Process p = b.start();
        if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            if (withTimings && Files.readString(log).contains("unknown option --timings")) {
                withTimings = false; // another checkout's animate, from before --timings: timed without
                return animate(script, dir, photo, pair);
            }
            throw new IOException("./i2v animate failed:\n" + Files.readString(log));
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = Gauges.childCpu() - c0;
        StringBuilder phases = new StringBuilder();
        boolean in = false;
        for (String line : Files.readAllLines(log)) {
            in |= line.startsWith("timings");
            if (in) {
                phases.append(line).append('\n');
            }
        }
        return new Timed(wall, cpu, phases.toString());
    }

    private Timed oneLiner(
            Optional<String> ffmpeg,
            Path dir,
            Path photo,
            String zoompan,
            RenderPlan plan,
            VideoWriter.EncoderSettings enc)
            throws Exception {
        Path video = dir.resolve("zoompan.mp4");
        Files.deleteIfExists(video);
        if (ffmpeg.isPresent()) {
            Path log = dir.resolve("ffmpeg.log");
            double c0 = Gauges.childCpu();
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(Zoompan.command(ffmpeg.get(), photo, video, zoompan, plan.frameCount(), enc))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("ffmpeg failed:\n" + Files.readString(log));
            }
            return new Timed((System.nanoTime() - t0) / 1e9, Gauges.childCpu() - c0, "");
        }
        long c0 = Gauges.cpuNanos();
        long t0 = System.nanoTime();
        Zoompan.inProcess(photo, video, zoompan, plan.frameCount(), plan.width(), plan.height(), plan.fps(), enc);
        return new Timed((System.nanoTime() - t0) / 1e9, (Gauges.cpuNanos() - c0) / 1e9, "");
    }

    /** The given photo if it is big enough, else it (or the synthetic photo) at {@code megapixels} as a JPEG. */
    private static Path photo(Path dir, Path given, double megapixels) throws IOException {
        BufferedImage g = given == null ? null : ImageIO.read(given.toFile());
        if (given != null && g == null) {
            throw new IOException("cannot read " + given);
        }
        if (g != null && g.getWidth() * (double) g.getHeight() >= megapixels * 1e6 * 0.99) {
            return given.toAbsolutePath();
        }
        int[] size = BenchCommand.photoSize(g, megapixels);
        BufferedImage img =
                g == null ? SyntheticPhoto.make(size[0], size[1], 7) : BenchCommand.enlarge(g, size[0], size[1]);
        Path file = dir.resolve("photo.jpg");
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.92f); // a camera's usual quality
        try (ImageOutputStream o = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(o);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
        return file;
    }
}
