package io.i2v.worker.render;

import io.i2v.core.job.JobStage;
import io.i2v.worker.backend.BackendJob;
import io.i2v.worker.backend.BackendResult;
import io.i2v.worker.backend.VideoBackend;
import io.i2v.worker.config.WorkerConfig;
import io.i2v.worker.media.H264Writer;
import io.i2v.worker.plan.PromptInterpreter;
import io.i2v.worker.plan.RenderPlan;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;

/**
 * The in-process renderer: instruction → plan → frames → H.264. Frame synthesis runs on its
 * own thread, one frame ahead of the encoder, so drawing and encoding use both cores.
 */
@ApplicationScoped
@Identifier("local")
public class LocalRenderer implements VideoBackend {
    private static final int IN_FLIGHT = 4;

    private final PromptInterpreter interpreter;
    private final H264Writer.EncoderSettings encoder;

    public LocalRenderer(WorkerConfig config) {
        WorkerConfig.Render r = config.render();
        this.interpreter = new PromptInterpreter(new PromptInterpreter.Defaults(r.longSide(), r.fps(),
                r.durationSeconds()));
        this.encoder = new H264Writer.EncoderSettings(r.crf(), r.preset(), r.encoderThreads());
    }

    @Override
    public BackendResult run(BackendJob job, Progress progress) throws Exception {
        progress.report(JobStage.PREPARING, 0);
        RenderPlan plan = interpreter.interpret(job.prompt(), job.options());
        BackendJob.InputImage input = job.images().get(0);
        progress.planned(plan.interpretation(), plan.timeline(input.name()));
        FrameSynthesizer frames = new FrameSynthesizer(input.image(), plan.width(), plan.height(),
                plan.camera().maxZoom());
        Path video = job.workDir().resolve("video.mp4");
        Path poster = job.workDir().resolve("poster.jpg");
        encode(plan, frames, video, progress);
        writePoster(plan, frames, poster);
        List<String> messages = job.images().size() > 1
                ? List.of("Rendered the first of " + job.images().size() + " images; slideshows come later.")
                : List.of();
        return new BackendResult(video, poster, plan.interpretation(), plan.timeline(input.name()), messages,
                plan.width(), plan.height(), plan.fps(), plan.frameCount());
    }

    /** Renders and encodes every frame; public so the benchmark measures exactly this path. */
    public void encode(RenderPlan plan, FrameSynthesizer frames, Path video, Progress progress) throws Exception {
        int count = plan.frameCount();
        int w = plan.width();
        int h = plan.height();
        BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(IN_FLIGHT);
        BlockingQueue<ByteBuffer> ready = new ArrayBlockingQueue<>(IN_FLIGHT);
        for (int i = 0; i < IN_FLIGHT; i++) {
            free.add(ByteBuffer.allocateDirect(Yuv420.bufferSize(w, h)));
        }
        ExecutorService drawer = Executors.newSingleThreadExecutor(r -> new Thread(r, "i2v-frames"));
        try (H264Writer writer = new H264Writer(video, w, h, plan.fps(), encoder)) {
            writer.start();
            Future<?> drawing = drawer.submit(() -> {
                BufferedImage frame = frames.newFrame();
                int[] pixels = FrameSynthesizer.pixels(frame);
                for (int i = 0; i < count; i++) {
                    frames.render(plan.camera().at(count == 1 ? 0 : (double) i / (count - 1)), frame);
                    ByteBuffer buffer = free.take();
                    Yuv420.convert(pixels, w, h, buffer);
                    ready.put(buffer);
                }
                return null;
            });
            for (int i = 0; i < count; i++) {
                ByteBuffer buffer = take(ready, drawing);
                writer.write(buffer);
                free.put(buffer);
                if (i % 10 == 0) {
                    progress.report(JobStage.RENDERING, (double) i / count);
                }
            }
            drawing.get();
            writer.finish();
            progress.report(JobStage.RENDERING, 1);
        } finally {
            drawer.shutdownNow();
        }
    }

    private static ByteBuffer take(BlockingQueue<ByteBuffer> ready, Future<?> drawing) throws Exception {
        while (true) {
            ByteBuffer b = ready.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (b != null) {
                return b;
            }
            if (drawing.isDone()) {
                drawing.get(); // rethrows the drawing thread's failure
                throw new IllegalStateException("frame synthesis ended early");
            }
        }
    }

    private static void writePoster(RenderPlan plan, FrameSynthesizer frames, Path poster) throws IOException {
        BufferedImage frame = frames.newFrame();
        frames.render(plan.camera().at(0.5), frame);
        if (!ImageIO.write(frame, "jpg", poster.toFile())) {
            throw new IOException("no JPEG writer");
        }
    }
}
