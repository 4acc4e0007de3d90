package io.i2v.worker.bench;

import static io.i2v.worker.bench.Gauges.cpuNanos;
import static io.i2v.worker.bench.Gauges.load;
import static io.i2v.worker.bench.Gauges.peakRssBytes;
import static io.i2v.worker.bench.Gauges.resetPeakRss;
import static io.i2v.worker.bench.Gauges.secs;

import io.i2v.core.job.JobOptions;
import io.i2v.worker.config.WorkerConfig;
import io.i2v.worker.media.VideoWriter;
import io.i2v.worker.plan.PromptInterpreter;
import io.i2v.worker.plan.RenderPlan;
import io.i2v.worker.render.ClipEncoder;
import io.i2v.worker.render.ShotDepth;
import io.i2v.worker.render.SubjectFinder;
import io.i2v.worker.render.TimelineFrames;
import io.i2v.worker.render.Yuv420;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * One path of {@code i2v bench} (flat, or the living photo's layers): its rounds of the render
 * against the encode-only floor, then, from the decoded video, SSIM, jitter (next to ffmpeg's
 * {@code zoompan} when asked) and each layer's own motion, each printed as it is measured.
 */
final class PathBench {
    private final WorkerConfig config;
    private final SubjectFinder subjects;
    private final PrintStream out;

    PathBench(WorkerConfig config, SubjectFinder subjects, PrintStream out) {
        this.config = config;
        this.subjects = subjects;
        this.out = out;
    }

    /** One path's figures, each round's. */
    record Figures(Rounds render, Rounds floor, Rounds ratio, double jitterRatio) {}

    Figures measure(
            Path dir,
            String prompt,
            BufferedImage photo,
            VideoWriter.EncoderSettings enc,
            boolean zoompanToo,
            boolean layers,
            int rounds)
            throws Exception {
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
            out.printf(
                    Locale.ROOT,
                    "  round %d: render %.2f s (prepare %.2f), floor %.2f s, load %.2f%n",
                    r + 1,
                    renders.get(r),
                    prepares.get(r),
                    floors.get(r),
                    load());
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
        out.printf(
                Locale.ROOT,
                "render wall time:        %s s  (rounds %s; prepare %s s; synthesis alone %.2f s, one core)%n",
                renders.describe("%.2f"),
                renders.list("%.2f"),
                prepares.describe("%.2f"),
                synthesisOnly);
        out.printf(
                Locale.ROOT,
                "encode-only floor:       %s s  (rounds %s; same %d frames from memory)%n",
                floors.describe("%.2f"),
                floors.list("%.2f"),
                plan.frameCount());
        out.printf(
                Locale.ROOT,
                "CPU time:                render %s s, floor %s s (the difference is drawing the frames)%n",
                cpuRender.describe("%.2f"),
                cpuFloor.describe("%.2f"));
        out.printf(
                Locale.ROOT,
                "render / floor:          %s    (the rounds' own ratios %s; CPU time render / floor %s)%n",
                ratios.describe("%.2f"),
                ratios.list("%.2f"),
                cpuRender.over(cpuFloor).describe("%.2f"));
        out.printf(
                Locale.ROOT,
                "realtime factor:         %6.2f x  (%.0f s of video in %.2f s; target >= 1)%n",
                plan.durationSeconds() / render,
                plan.durationSeconds(),
                render);
        out.printf(
                Locale.ROOT,
                "SSIM (luma, vs frames before encoding): mean %.4f, min %.4f over %d frames (target >= 0.98)%n",
                ssim[0] / decoded,
                ssim[1],
                decoded);
        out.printf(
                Locale.ROOT,
                "peak RSS of the render:  %6.2f GB (VmHWM, reset before this path; target <= 1.5 GB)%n",
                rss / 1e9);
        out.printf(
                Locale.ROOT,
                "video size:              %6.2f MB (%.1f Mbit/s)%n",
                Files.size(video) / 1e6,
                Files.size(video) * 8 / 1e6 / plan.durationSeconds());
        if (depth.layered()) {
            out.printf(
                    Locale.ROOT,
                    "layers (from the decoded video): subject zoom %.4f, background zoom %.4f over the "
                            + "clip → the subject grows %.1f%% more; it slides %.1f px against the background%n",
                    layerTrack.subjectZoom(),
                    layerTrack.backgroundZoom(),
                    (layerTrack.subjectZoom() / layerTrack.backgroundZoom() - 1) * 100,
                    layerTrack.slide());
            out.printf(
                    Locale.ROOT,
                    "layer jitter:            subject %.4f, background %.4f px/frame²%n",
                    layerTrack.subjectJitter(),
                    layerTrack.backgroundJitter());
        }
        double jOurs = ours.jitter();
        out.printf(
                Locale.ROOT,
                "jitter i2v:              %.4f px/frame²  (mean zoom %.5f /frame)%n",
                jOurs,
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
            out.printf(
                    Locale.ROOT,
                    "jitter ffmpeg zoompan:   %.4f px/frame²  (mean zoom %.5f /frame; recipe took %.2f s, %s)%n",
                    jTheirs,
                    theirs.meanZoomRate(),
                    zt,
                    how);
            out.printf(Locale.ROOT, "jitter ratio i2v/zoompan: %.3f (target <= 0.2)%n", jitterRatio);
            out.println("zoompan recipe: ffmpeg -i photo.jpg -vf \"" + zoompan + "\" -frames:v " + plan.frameCount()
                    + " -c:v libx264 -preset " + enc.preset() + " -crf " + enc.crf() + " zoompan.mp4");
        }
        return new Figures(renders, floors, ratios, jitterRatio);
    }

    /** Wall and process CPU seconds of one encoding round. */
    private record Timed(double wall, double cpu) {}

    private static Timed encode(TimelineFrames frames, Path video, RenderPlan plan, VideoWriter.EncoderSettings enc)
            throws Exception {
        long c0 = cpuNanos();
        long t0 = System.nanoTime();
        try (VideoWriter writer = new VideoWriter(video, plan.width(), plan.height(), plan.fps(), enc)) {
            writer.start();
            ClipEncoder.encode(frames, writer, f -> {});
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
}
