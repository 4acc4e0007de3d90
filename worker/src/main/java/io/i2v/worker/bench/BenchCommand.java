package io.i2v.worker.bench;

import io.i2v.core.job.JobOptions;
import io.i2v.worker.config.WorkerConfig;
import io.i2v.worker.media.VideoWriter;
import io.i2v.worker.plan.PromptInterpreter;
import io.i2v.worker.plan.RenderPlan;
import io.i2v.worker.render.ClipEncoder;
import io.i2v.worker.render.LocalRenderer;
import io.i2v.worker.render.RenderWarmup;
import io.i2v.worker.render.ShotDepth;
import io.i2v.worker.render.SubjectFinder;
import io.i2v.worker.render.TimelineFrames;
import io.i2v.worker.render.Yuv420;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * {@code i2v bench}: the 10 s 1080p30 push-in from a large photo, flat and as a living photo
 * (subject and background layers), each measured over an odd number of rounds and reported as
 * medians — render time against the encode-only floor (the same frames, pre-made in memory,
 * through the same encoder settings), SSIM of encoded against pre-encode frames, peak RSS, the
 * jitter of our output next to ffmpeg's {@code zoompan} recipe on the same photo, and for the
 * layered render each layer's own motion measured from the decoded video.
 */
@ApplicationScoped
public class BenchCommand {
    private final WorkerConfig config;
    private final SubjectFinder subjects;
    private final RenderWarmup warmup;
    private final PrintStream out = System.out;

    public BenchCommand(WorkerConfig config, SubjectFinder subjects, RenderWarmup warmup) {
        this.config = config;
        this.subjects = subjects;
        this.warmup = warmup;
    }

    /** @param photo a photo to use instead of the synthetic one (enlarged to {@code megapixels} if smaller), or null */
    public int run(Path photo, double megapixels, boolean skipZoompan, int rounds) throws Exception {
        Path dir = Files.createTempDirectory("i2v-bench-");
        try {
            return bench(dir, photo, megapixels, skipZoompan, rounds);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private int bench(Path dir, Path photoFile0, double megapixels, boolean skipZoompan, int rounds) throws Exception {
        VideoWriter.EncoderSettings enc = LocalRenderer.settings(config);
        java.awt.image.BufferedImage given = photoFile0 == null ? null : ImageIO.read(photoFile0.toFile());
        if (photoFile0 != null && given == null) {
            out.println("i2v bench: cannot read " + photoFile0);
            return 2;
        }
        int[] size = photoSize(given, megapixels);
        int pw = size[0];
        int ph = size[1];
        out.printf(Locale.ROOT, "i2v bench: 10-second 1080p 30 fps push-ins from a %.1f MP %s (%dx%d), %d rounds each, "
                + "medians (lowest–highest round)%n", pw * (double) ph / 1e6, given == null ? "synthetic photo"
                : "photo, " + photoFile0.getFileName() + (pw > given.getWidth() ? " enlarged" : ""), pw, ph, rounds);
        out.printf(Locale.ROOT, "encoder: libx264 High, preset %s, crf %d, threads %s%n", enc.preset(), enc.crf(),
                enc.threads() == 0 ? "auto" : Integer.toString(enc.threads()));
        out.printf(Locale.ROOT, "machine: %d cores, load average %.2f at start%n",
                Runtime.getRuntime().availableProcessors(), load());
        long f0 = System.nanoTime();
        warmup.run();
        out.printf(Locale.ROOT, "  (face detection loaded and frame kernel compiled in %.1f s, as a worker does at "
                + "start)%n", secs(f0));

        // 1. today's flat path: one rigid camera move over the whole picture
        long t0 = System.nanoTime();
        var photo = given == null ? SyntheticPhoto.make(pw, ph, 7) : enlarge(given, pw, ph);
        out.printf(Locale.ROOT, "%n== flat: \"10-second 1080p 30 fps flat push-in\" (made the photo in %.1f s)%n",
                secs(t0));
        Figures flat = measure(dir, "10-second 1080p 30 fps flat push-in", photo, enc, !skipZoompan, false, rounds);
        photo = null;
        System.gc();

        // 2. the living-photo path: subject and background layers (a photo with a sharp subject over a soft background)
        t0 = System.nanoTime();
        var layeredPhoto = given == null ? SyntheticPhoto.withSubject(pw, ph, 7, 0.42, 10) : enlarge(given, pw, ph);
        out.printf(Locale.ROOT, "%n== parallax: \"10-second 1080p 30 fps parallax push-in\" on %s (made in %.1f s)%n",
                given == null ? "a sharp vase over a soft background" : "the same photo", secs(t0));
        Figures layered = measure(dir, "10-second 1080p 30 fps parallax push-in", layeredPhoto, enc, !skipZoompan,
                true, rounds);
        layeredPhoto = null;

        out.printf(Locale.ROOT, "%n== summary (medians of %d rounds, lowest–highest round in brackets)%n", rounds);
        out.printf(Locale.ROOT, "flat render / floor:     %s    (target <= 1.10)%n", flat.ratio().describe("%.2f"));
        out.printf(Locale.ROOT, "parallax render / floor: %s    (target <= 1.30)%n", layered.ratio().describe("%.2f"));
        out.printf(Locale.ROOT, "parallax / flat render:  %s%n", layered.render().over(flat.render()).describe("%.2f"));
        if (!Double.isNaN(flat.jitterRatio())) {
            out.printf(Locale.ROOT, "jitter ratio i2v/zoompan: flat %.3f, parallax %.3f (target <= 0.2)%n",
                    flat.jitterRatio(), layered.jitterRatio());
        }
        out.printf(Locale.ROOT, "load average at end: %.2f%n", load());
        return 0;
    }

    /** The photo's size for {@code megapixels}: the synthetic one at 16:9, or {@code given} enlarged (never shrunk). */
    static int[] photoSize(java.awt.image.BufferedImage given, double megapixels) {
        double aspect = given == null ? 16 / 9.0 : (double) given.getWidth() / given.getHeight();
        double grow = given == null ? 1 : Math.max(1, Math.sqrt(megapixels * 1e6 / given.getWidth() / given.getHeight()));
        int pw = given == null ? (int) Math.round(Math.sqrt(megapixels * 1e6 * aspect)) & ~1
                : (int) Math.ceil(given.getWidth() * grow);
        int ph = given == null ? (int) Math.round(pw / aspect) & ~1 : (int) Math.ceil(given.getHeight() * grow);
        return new int[] {pw, ph};
    }

    /** One path's figures, each round's. */
    private record Figures(Rounds render, Rounds floor, Rounds ratio, double jitterRatio) {
    }

    private Figures measure(Path dir, String prompt, java.awt.image.BufferedImage photo, VideoWriter.EncoderSettings enc,
                            boolean zoompanToo, boolean layers, int rounds) throws Exception {
        RenderPlan plan = PromptInterpreter.of(config.render()).interpret(prompt, JobOptions.none(), List.of("photo"));
        int w = plan.width();
        int h = plan.height();
        // the render, exactly as a job does it (prepare, then frames overlapped with encoding), then the floor
        // (the same frames made beforehand, held in memory, only encoded); rounds alternate so load drifts hit both
        Path video = dir.resolve("i2v.mp4");
        Rounds renders = Rounds.of(rounds);
        Rounds prepares = Rounds.of(rounds);
        Rounds floors = Rounds.of(rounds);
        Rounds cpuRender = Rounds.of(rounds);
        Rounds cpuFloor = Rounds.of(rounds);
        TimelineFrames frames = null;
        List<ByteBuffer> made = new ArrayList<>();
        double synthesisOnly = 0;
        long rss = 0;
        resetPeakRss();
        for (int r = 0; r < rounds; r++) {
            long r0 = System.nanoTime();
            frames = new TimelineFrames(plan, List.of(photo), subjects);
            prepares.set(r, secs(r0));
            Timed t = encode(frames, video, plan, enc);
            renders.set(r, prepares.get(r) + t.wall());
            cpuRender.set(r, t.cpu());
            if (r == 0) {
                rss = peakRssBytes(); // the render as a job does it, before the floor's frames are held in memory
            }
            if (made.isEmpty()) {
                byte[] frame = new byte[Yuv420.bufferSize(w, h)];
                long drawing = 0;
                for (int i = 0; i < frames.frameCount(); i++) {
                    long s0 = System.nanoTime();
                    frames.render(i, frame);
                    drawing += System.nanoTime() - s0; // the drawing alone, not the buffers the floor keeps
                    made.add(ByteBuffer.allocateDirect(frame.length).put(0, frame));
                }
                synthesisOnly = drawing / 1e9;
            }
            Timed f = floor(made, dir.resolve("floor.mp4"), plan, enc);
            floors.set(r, f.wall());
            cpuFloor.set(r, f.cpu());
            out.printf(Locale.ROOT, "  round %d: render %.2f s (prepare %.2f), floor %.2f s, load %.2f%n", r + 1,
                    renders.get(r), prepares.get(r), floors.get(r), load());
        }
        ShotDepth depth = frames.depths().get(0);
        out.printf(Locale.ROOT, "  (frames drawn with the %s kernel; depth: %s)%n", frames.kernel(), depth.line());

        // quality: SSIM of the decoded render against the frames before encoding; each layer's motion
        double[] ssim = new double[] {0, 1};
        int[] index = {0};
        MotionTrack ours = new MotionTrack(w, h);
        LayerTrack layerTrack = new LayerTrack(w, h);
        byte[] ref = new byte[w * h];
        byte[] mask = new byte[w * h];
        TimelineFrames last = frames;
        int decoded = VideoMetrics.lumaFrames(video, y -> {
            made.get(index[0]).get(0, ref, 0, w * h);
            double s = VideoMetrics.ssim(ref, y, w, h);
            ssim[0] += s;
            ssim[1] = Math.min(ssim[1], s);
            if (depth.layered() && last.subjectMask(index[0], mask)) {
                layerTrack.accept(y, mask);
            }
            index[0]++;
            ours.accept(y);
        });
        made.clear();
        double render = renders.median();
        // each round's render and floor run back to back: their ratio is what drifting load disturbs least
        Rounds ratios = renders.over(floors);
        out.printf(Locale.ROOT, "render wall time:        %s s  (rounds %s; prepare %s s; synthesis alone %.2f s, "
                + "one core)%n", renders.describe("%.2f"), renders.list("%.2f"), prepares.describe("%.2f"),
                synthesisOnly);
        out.printf(Locale.ROOT, "encode-only floor:       %s s  (rounds %s; same %d frames from memory)%n",
                floors.describe("%.2f"), floors.list("%.2f"), plan.frameCount());
        out.printf(Locale.ROOT, "CPU time:                render %s s, floor %s s (the difference is drawing the "
                + "frames)%n", cpuRender.describe("%.2f"), cpuFloor.describe("%.2f"));
        out.printf(Locale.ROOT, "render / floor:          %s    (the rounds' own ratios %s; CPU time render / floor "
                + "%s)%n", ratios.describe("%.2f"), ratios.list("%.2f"), cpuRender.over(cpuFloor).describe("%.2f"));
        out.printf(Locale.ROOT, "realtime factor:         %6.2f x  (%.0f s of video in %.2f s; target >= 1)%n",
                plan.durationSeconds() / render, plan.durationSeconds(), render);
        out.printf(Locale.ROOT, "SSIM (luma, vs frames before encoding): mean %.4f, min %.4f over %d frames "
                + "(target >= 0.98)%n", ssim[0] / decoded, ssim[1], decoded);
        out.printf(Locale.ROOT, "peak RSS of the render:  %6.2f GB (VmHWM, reset before this path; target <= 1.5 GB)%n",
                rss / 1e9);
        out.printf(Locale.ROOT, "video size:              %6.2f MB (%.1f Mbit/s)%n", Files.size(video) / 1e6,
                Files.size(video) * 8 / 1e6 / plan.durationSeconds());
        if (depth.layered()) {
            out.printf(Locale.ROOT, "layers (from the decoded video): subject zoom %.4f, background zoom %.4f over the "
                    + "clip → the subject grows %.1f%% more; it slides %.1f px against the background%n",
                    layerTrack.subjectZoom(), layerTrack.backgroundZoom(),
                    (layerTrack.subjectZoom() / layerTrack.backgroundZoom() - 1) * 100, layerTrack.slide());
            out.printf(Locale.ROOT, "layer jitter:            subject %.4f, background %.4f px/frame²%n",
                    layerTrack.subjectJitter(), layerTrack.backgroundJitter());
        }
        double jOurs = ours.jitter();
        out.printf(Locale.ROOT, "jitter i2v:              %.4f px/frame²  (mean zoom %.5f /frame)%n", jOurs,
                ours.meanZoomRate());
        double jitterRatio = Double.NaN;
        if (zoompanToo) {
            Path photoFile = dir.resolve("photo.jpg");
            ImageIO.write(photo, "jpg", photoFile.toFile());
            Path zp = dir.resolve("zoompan.mp4");
            String zoompan = Zoompan.filter(plan.frameCount(), w, h, plan.fps());
            long z0 = System.nanoTime();
            String how = Zoompan.run(photoFile, zp, zoompan, plan.frameCount(), w, h, plan.fps(), enc, dir);
            double zt = secs(z0);
            MotionTrack theirs = new MotionTrack(w, h);
            VideoMetrics.lumaFrames(zp, theirs);
            double jTheirs = theirs.jitter();
            jitterRatio = jOurs / jTheirs;
            out.printf(Locale.ROOT, "jitter ffmpeg zoompan:   %.4f px/frame²  (mean zoom %.5f /frame; recipe took "
                    + "%.2f s, %s)%n", jTheirs, theirs.meanZoomRate(), zt, how);
            out.printf(Locale.ROOT, "jitter ratio i2v/zoompan: %.3f (target <= 0.2)%n", jitterRatio);
            out.println("zoompan recipe: ffmpeg -i photo.jpg -vf \"" + zoompan + "\" -frames:v " + plan.frameCount()
                    + " -c:v libx264 -preset " + enc.preset() + " -crf " + enc.crf() + " zoompan.mp4");
        }
        return new Figures(renders, floors, ratios, jitterRatio);
    }

    /** Wall and process CPU seconds of one encoding round. */
    private record Timed(double wall, double cpu) {
    }

    private static Timed encode(TimelineFrames frames, Path video, RenderPlan plan, VideoWriter.EncoderSettings enc)
            throws Exception {
        long c0 = cpuNanos();
        long t0 = System.nanoTime();
        try (VideoWriter writer = new VideoWriter(video, plan.width(), plan.height(), plan.fps(), enc)) {
            writer.start();
            ClipEncoder.encode(frames, writer, f -> { });
            writer.finish();
        }
        return new Timed(secs(t0), (cpuNanos() - c0) / 1e9);
    }

    private static Timed floor(List<ByteBuffer> made, Path video, RenderPlan plan, VideoWriter.EncoderSettings enc)
            throws Exception {
        long c0 = cpuNanos();
        long t0 = System.nanoTime();
        try (VideoWriter writer = new VideoWriter(video, plan.width(), plan.height(), plan.fps(), enc)) {
            writer.start();
            for (ByteBuffer b : made) {
                writer.write(b);
            }
            writer.finish();
        }
        return new Timed(secs(t0), (cpuNanos() - c0) / 1e9);
    }

    static java.awt.image.BufferedImage enlarge(java.awt.image.BufferedImage src, int w, int h) {
        if (src.getWidth() == w && src.getHeight() == h) {
            return src;
        }
        var out = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
                java.awt.RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static double secs(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Starts VmHWM again from the current resident set (Linux: "5" to /proc/self/clear_refs), so each path has its own peak. */
    static void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | UnsupportedOperationException e) {
            // not Linux, or not allowed: the peak then covers everything before too
        }
    }

    /** VmHWM from /proc/self/status: the process's peak resident set. */
    static long peakRssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }
}
