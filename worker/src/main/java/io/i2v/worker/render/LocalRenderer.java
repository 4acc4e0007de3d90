package io.i2v.worker.render;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.job.Interpretation;
import io.i2v.core.job.JobStage;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * The in-process renderer: instruction (or a follow-up edit of the parent job's timeline draft,
 * which the pipeline hands over) → plan → timeline → frames → H.264. It returns the videos and
 * the new timeline draft; the pipeline stores them, so the next edit starts from this draft.
 */
@ApplicationScoped
@Identifier("local")
public class LocalRenderer implements VideoBackend {
    private final PromptInterpreter interpreter;
    private final VideoWriter.EncoderSettings encoder;
    private final SubjectFinder subjects;

    public LocalRenderer(WorkerConfig config, SubjectFinder subjects) {
        this.interpreter = PromptInterpreter.of(config.render());
        this.encoder = settings(config);
        this.subjects = subjects;
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
        List<BufferedImage> images =
                job.images().stream().map(BackendJob.InputImage::image).toList();
        OutputFormat format = OutputFormat.of(plan.format()).orElse(OutputFormat.MP4);
        Path audio = job.audio() == null ? null : job.audio().file();
        int clips = plan.batch() ? plan.shots().size() : 1;
        List<BackendResult> made = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<ShotDepth> depths = new ArrayList<>();
        for (int c = 0; c < clips; c++) {
            RenderPlan clip = plan.batch() ? plan.clip(c) : plan;
            String suffix = c == 0 ? "" : "-" + (c + 1);
            Path video = job.workDir().resolve("video" + suffix + "." + format.extension());
            Path poster = job.workDir().resolve("poster" + suffix + ".jpg");
            int done = c;
            TimelineFrames frames = render(
                    clip,
                    images,
                    subjects,
                    audio,
                    video,
                    poster,
                    encoder,
                    f -> progress.report(JobStage.RENDERING, (done + f) / clips));
            if (c == 0) {
                notes.addAll(frames.notes());
            }
            depths.addAll(frames.depths());
            made.add(new BackendResult(
                    video,
                    poster,
                    plan.interpretation(),
                    timeline,
                    List.of(),
                    clip.width(),
                    clip.height(),
                    clip.fps(),
                    clip.frameCount(),
                    format.extension()));
        }
        Interpretation interpretation = withDepth(plan.interpretation(), depths);
        BackendResult first = made.get(0);
        if (clips > 1) {
            notes.add("Made " + clips + " clips, one per image; see results.");
        }
        return new BackendResult(
                first.video(),
                first.poster(),
                interpretation,
                timeline,
                notes,
                first.expectedWidth(),
                first.expectedHeight(),
                first.expectedFps(),
                first.expectedFrames(),
                format.extension(),
                made.subList(1, made.size()),
                Timeline.toDraft(plan, depths));
    }

    /**
     * Frames of {@code plan} over {@code images} (aimed by {@code subjects}), with the plan's music
     * from {@code audio} (if any), encoded into {@code video}, its middle frame into {@code poster}
     * (or none). Returns the frame source.
     */
    public static TimelineFrames render(
            RenderPlan plan,
            List<BufferedImage> images,
            SubjectFinder subjects,
            Path audio,
            Path video,
            Path poster,
            VideoWriter.EncoderSettings encoder,
            DoubleConsumer progress)
            throws Exception {
        TimelineFrames frames = new TimelineFrames(plan, images, subjects);
        OutputFormat format = OutputFormat.of(plan.format()).orElse(OutputFormat.MP4);
        boolean music = plan.music() != null && audio != null && format.hasAudio();
        short[] samples = music
                ? AudioTrack.prepare(
                        audio,
                        plan.frameCount() / (double) plan.fps(),
                        plan.music().volumePercent(),
                        plan.music().fadeOutSeconds())
                : null;
        try (VideoWriter writer =
                new VideoWriter(video, plan.width(), plan.height(), plan.fps(), encoder, music, format)) {
            writer.start();
            ClipEncoder.encode(frames, writer, samples, AudioTrack.RATE, poster, progress);
            writer.finish();
        }
        return frames;
    }

    /**
     * The interpretation with what the renderer decided about depth once it saw the photos: each
     * distinct line once, under "not understood" where it refuses what the words asked for.
     */
    static Interpretation withDepth(Interpretation i, List<ShotDepth> depths) {
        LinkedHashSet<String> understood = new LinkedHashSet<>(i.understood());
        LinkedHashSet<String> refused = new LinkedHashSet<>(i.notUnderstood());
        for (ShotDepth d : depths) {
            (d.refused() ? refused : understood).add(d.line());
        }
        return new Interpretation(i.summary(), List.copyOf(understood), List.copyOf(refused));
    }

    /** A fresh plan from the instruction, or for an edit the parent's timeline changed by it. */
    RenderPlan plan(BackendJob job) {
        List<String> names =
                job.images().stream().map(BackendJob.InputImage::name).toList();
        String audio = job.audio() == null ? null : job.audio().name();
        BackendJob.Parent parent = job.parent();
        if (parent == null) {
            return interpreter.interpret(job.prompt(), job.options(), names, audio);
        }
        if (parent.draft() == null) {
            throw new I2vException(
                    ErrorCode.INVALID_REQUEST, "job " + parent.jobId() + " has no local timeline to edit");
        }
        try {
            return interpreter.edit(Timeline.fromDraft(parent.draft()), job.prompt(), job.options(), audio);
        } catch (IllegalArgumentException e) {
            throw new I2vException(
                    ErrorCode.INVALID_REQUEST,
                    "the timeline of job " + parent.jobId() + " cannot be read: " + e.getMessage());
        }
    }
}
