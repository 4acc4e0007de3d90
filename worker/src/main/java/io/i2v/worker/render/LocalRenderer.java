package io.i2v.worker.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.job.Interpretation;
import io.i2v.core.job.JobRequest;
import io.i2v.core.job.JobStage;
import io.i2v.core.storage.JobRepository;
import io.i2v.core.storage.ObjectStore;
import io.i2v.core.storage.S3Keys;
import io.i2v.worker.backend.BackendJob;
import io.i2v.worker.backend.BackendResult;
import io.i2v.worker.backend.VideoBackend;
import io.i2v.worker.config.WorkerConfig;
import io.i2v.worker.media.AudioTrack;
import io.i2v.worker.media.OutputFormat;
import io.i2v.worker.media.VideoWriter;
import io.i2v.worker.plan.PromptInterpreter;
import io.i2v.worker.plan.RenderPlan;
import io.i2v.worker.plan.Timeline;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleConsumer;
import javax.imageio.ImageIO;

/**
 * The in-process renderer: instruction (or a follow-up edit of the parent job's timeline) →
 * plan → timeline → frames → H.264. The timeline draft is stored with the job so that the next
 * edit starts from it.
 */
@ApplicationScoped
@Identifier("local")
public class LocalRenderer implements VideoBackend {
    private final PromptInterpreter interpreter;
    private final VideoWriter.EncoderSettings encoder;
    private final ObjectStore store;
    private final JobRepository jobs;
    private final ObjectMapper json;
    private final SubjectFinder subjects;

    public LocalRenderer(WorkerConfig config, ObjectStore store, JobRepository jobs, ObjectMapper json,
                         SubjectFinder subjects) {
        this.interpreter = interpreter(config);
        this.encoder = settings(config);
        this.store = store;
        this.jobs = jobs;
        this.json = json;
        this.subjects = subjects;
    }

    public static PromptInterpreter interpreter(WorkerConfig config) {
        WorkerConfig.Render r = config.render();
        return new PromptInterpreter(new PromptInterpreter.Defaults(r.longSide(), r.fps(), r.durationSeconds()));
    }

    public static VideoWriter.EncoderSettings settings(WorkerConfig config) {
        WorkerConfig.Render r = config.render();
        return new VideoWriter.EncoderSettings(r.crf(), r.preset(), r.encoderThreads());
    }

    @Override
    public BackendResult run(BackendJob job, Progress progress) throws Exception {
        progress.report(JobStage.PREPARING, 0);
        RenderPlan plan = plan(job);
        String timeline = Timeline.summary(plan);
        progress.planned(plan.interpretation(), timeline);
        List<BufferedImage> images = job.images().stream().map(BackendJob.InputImage::image).toList();
        OutputFormat format = OutputFormat.of(plan.format()).orElse(OutputFormat.MP4);
        Path audio = job.audio() == null ? null : job.audio().file();
        int clips = plan.batch() ? plan.shots().size() : 1;
        List<BackendResult> made = new java.util.ArrayList<>();
        List<String> notes = new java.util.ArrayList<>();
        List<ShotDepth> depths = new java.util.ArrayList<>();
        for (int c = 0; c < clips; c++) {
            RenderPlan clip = plan.batch() ? plan.clip(c) : plan;
            String suffix = c == 0 ? "" : "-" + (c + 1);
            Path video = job.workDir().resolve("video" + suffix + "." + format.extension());
            Path poster = job.workDir().resolve("poster" + suffix + ".jpg");
            int done = c;
            TimelineFrames frames = render(clip, images, subjects, audio, video, encoder,
                    f -> progress.report(JobStage.RENDERING, (done + f) / clips));
            writePoster(frames, poster);
            if (c == 0) {
                notes.addAll(frames.notes());
            }
            depths.addAll(frames.depths());
            made.add(new BackendResult(video, poster, plan.interpretation(), timeline, List.of(), clip.width(),
                    clip.height(), clip.fps(), clip.frameCount(), format.extension()));
        }
        store.put(S3Keys.timeline(job.jobId()), json.writeValueAsBytes(Timeline.toDraft(plan, depths)),
                "application/json");
        Interpretation interpretation = withDepth(plan.interpretation(), depths);
        BackendResult first = made.get(0);
        if (clips > 1) {
            notes.add("Made " + clips + " clips, one per image; see results.");
        }
        return new BackendResult(first.video(), first.poster(), interpretation, timeline, notes,
                first.expectedWidth(), first.expectedHeight(), first.expectedFps(), first.expectedFrames(),
                format.extension(), made.subList(1, made.size()));
    }

    /**
     * Frames of {@code plan} over {@code images} (aimed by {@code subjects}), with the plan's music
     * from {@code audio} (if any), encoded into {@code video}. Returns the frame source (the poster is drawn from it).
     */
    public static TimelineFrames render(RenderPlan plan, List<BufferedImage> images, SubjectFinder subjects, Path audio,
                                        Path video, VideoWriter.EncoderSettings encoder, DoubleConsumer progress)
            throws Exception {
        TimelineFrames frames = new TimelineFrames(plan, images, subjects);
        OutputFormat format = OutputFormat.of(plan.format()).orElse(OutputFormat.MP4);
        boolean music = plan.music() != null && audio != null && format.hasAudio();
        short[] samples = music ? AudioTrack.prepare(audio, plan.frameCount() / (double) plan.fps(),
                plan.music().volumePercent(), plan.music().fadeOutSeconds()) : null;
        try (VideoWriter writer = new VideoWriter(video, plan.width(), plan.height(), plan.fps(), encoder, music,
                format)) {
            writer.start();
            ClipEncoder.encode(frames, writer, samples, AudioTrack.RATE, progress);
            writer.finish();
        }
        return frames;
    }

    /**
     * The interpretation with what the renderer decided about depth once it saw the photos: each
     * distinct line once, under "not understood" where it refuses what the words asked for.
     */
    static Interpretation withDepth(Interpretation i, List<ShotDepth> depths) {
        java.util.LinkedHashSet<String> understood = new java.util.LinkedHashSet<>(i.understood());
        java.util.LinkedHashSet<String> refused = new java.util.LinkedHashSet<>(i.notUnderstood());
        for (ShotDepth d : depths) {
            (d.refused() ? refused : understood).add(d.line());
        }
        return new Interpretation(i.summary(), List.copyOf(understood), List.copyOf(refused));
    }

    /** A fresh plan from the instruction, or for an edit the parent's timeline changed by it. */
    RenderPlan plan(BackendJob job) {
        List<String> names = job.images().stream().map(BackendJob.InputImage::name).toList();
        String audio = job.audio() == null ? null : job.audio().name();
        Optional<String> parent = jobs.request(job.jobId()).map(JobRequest::parentJobId);
        if (parent.isEmpty()) {
            return interpreter.interpret(job.prompt(), job.options(), names, audio);
        }
        byte[] draft = store.get(S3Keys.timeline(parent.get())).orElseThrow(() -> new I2vException(
                ErrorCode.INVALID_REQUEST, "job " + parent.get() + " has no local timeline to edit"));
        try {
            JsonNode node = json.readTree(draft);
            return interpreter.edit(Timeline.fromDraft(node), job.prompt(), job.options(), audio);
        } catch (IOException | IllegalArgumentException e) {
            throw new I2vException(ErrorCode.INVALID_REQUEST, "the timeline of job " + parent.get()
                    + " cannot be read: " + e.getMessage());
        }
    }

    private static void writePoster(TimelineFrames frames, Path poster) throws IOException {
        byte[] yuv = new byte[Yuv420.bufferSize(frames.width(), frames.height())];
        frames.render(frames.frameCount() / 2, yuv);
        if (!ImageIO.write(Yuv420.toRgb(yuv, frames.width(), frames.height()), "jpg", poster.toFile())) {
            throw new IOException("no JPEG writer");
        }
    }
}
