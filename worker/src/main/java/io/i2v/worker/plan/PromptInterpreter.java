package io.i2v.worker.plan;

import io.i2v.core.job.JobOptions;
import io.i2v.worker.config.WorkerConfig;
import io.i2v.worker.media.OutputFormat;
import io.i2v.worker.render.CameraPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads an English or Chinese instruction into a render plan, or applies a follow-up edit to
 * a previous plan. Explicit job options win over the text. Whatever the text asks for that this
 * renderer cannot do is reported back in {@code notUnderstood}, not dropped.
 */
public final class PromptInterpreter {
    private final Defaults defaults;

    public PromptInterpreter(Defaults defaults) {
        this.defaults = defaults;
    }

    /** Output defaults (configured per worker). */
    /** The interpreter with the configured render defaults (size, rate, length). */
    public static PromptInterpreter of(WorkerConfig.Render render) {
        return new PromptInterpreter(new Defaults(render.longSide(), render.fps(), render.durationSeconds()));
    }

    public record Defaults(int longSide, int fps, double durationSeconds) {}

    /** Single image called "image" (unit tests, simple callers). */
    public RenderPlan interpret(String prompt, JobOptions options) {
        return interpret(prompt, options, List.of("image"));
    }

    public RenderPlan interpret(String prompt, JobOptions options, List<String> images) {
        return interpret(prompt, options, images, null);
    }

    /** A fresh plan for {@code images} (names, in order) and the music file's name, if one came with the job. */
    public RenderPlan interpret(String prompt, JobOptions options, List<String> images, String audio) {
        Motion motion = new Motion("push in", 1.0, CameraPath.Easing.SMOOTH);
        List<Shot> shots = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            shots.add(new Shot(images.get(i), i, motion, false, null, null));
        }
        int shortSide = Math.min(1080, defaults.longSide() * 9 / 16);
        Frame frame = Frame.of("16:9", shortSide);
        RenderPlan base = new RenderPlan(
                frame.width(),
                frame.height(),
                defaults.fps(),
                defaults.durationSeconds(),
                images.size() > 1 ? "slideshow" : "single",
                shots,
                List.of(),
                null,
                Look.PLAIN,
                "mp4",
                null);
        return apply(base, prompt, options, false, audio);
    }

    /** A follow-up edit: the parent's plan changed by what {@code prompt} says. */
    public RenderPlan edit(RenderPlan parent, String prompt, JobOptions options) {
        return edit(
                parent,
                prompt,
                options,
                parent.music() == null ? null : parent.music().name());
    }

    /** As {@link #edit(RenderPlan, String, JobOptions)}; {@code audio}: the music file this job carries, or null. */
    public RenderPlan edit(RenderPlan parent, String prompt, JobOptions options, String audio) {
        return apply(parent, prompt, options, true, audio);
    }

    /** Reads one aspect after the other; the order matters, as each takes its words out of the text. */
    private RenderPlan apply(RenderPlan base, String prompt, JobOptions options, boolean edit, String audio) {
        Reading r = Reading.of(prompt, base, options, edit);
        TextOverlays overlays = TextOverlays.read(r);
        double duration = TimingReader.duration(r);
        Frame frame = Frame.read(r);
        int fps = TimingReader.fps(r);
        boolean cinematic = LookReader.cinematic(r);
        Look look = LookReader.look(r, cinematic);
        CameraMove camera = CameraMove.read(r, cinematic);
        DepthChange depth = DepthChange.read(r);
        boolean loop = TimingReader.loop(r);
        Framing framing = Framing.read(r);
        String arrangement = ArrangementReader.read(r);
        List<Shot> shots = new ArrayList<>();
        for (Shot s : base.shots()) {
            Shot moved = framing.applyTo(s.withMotion(camera.applyTo(s.motion(), edit)));
            shots.add(moved.withDepth(depth.applyTo(moved.depth())));
        }
        List<Caption> captions = overlays.place(r, duration);
        Music music = MusicReader.read(r, audio, duration, overlays.noFade());
        String format = FormatReader.read(r);
        if (format.equals("gif")) {
            // GIF frames are stored nearly raw: keep it small enough to send
            frame = frame.atMost(OutputFormat.GIF_LONG_SIDE);
            fps = OutputFormat.GIF_FPS;
            r.understand("GIF at most " + OutputFormat.GIF_LONG_SIDE + " px, " + OutputFormat.GIF_FPS + " fps");
            if (music != null) {
                r.cannot("GIF has no sound; the music is left out");
                music = null;
            }
        }
        Set<String> leftover = r.text().leftoverWords();
        if (!leftover.isEmpty()) {
            r.cannot("not acted on: " + String.join(", ", leftover));
        }
        RenderPlan plan = new RenderPlan(
                frame.width(),
                frame.height(),
                fps,
                duration,
                arrangement,
                shots,
                captions,
                music,
                look,
                format,
                null,
                loop);
        return plan.withInterpretation(r.interpretation(summary(plan)));
    }

    /** One line saying what will be made. */
    private static String summary(RenderPlan plan) {
        List<Shot> shots = plan.shots();
        Motion m0 = shots.get(0).motion();
        int texts = plan.captions().size();
        return Reading.fmt(plan.durationSeconds()) + " s " + plan.width() + "x" + plan.height() + " @ " + plan.fps()
                + " fps, " + m0.kind()
                + (m0.intensity() < 0.95 ? " (gentle)" : m0.intensity() > 1.05 ? " (dramatic)" : "")
                + (plan.look().letterbox() ? ", cinematic" : "") + (shots.get(0).fit() ? ", whole image" : "")
                + (shots.get(0).depth().flat()
                        ? ", flat"
                        : ", depth " + shots.get(0).depth().mode())
                + (plan.loop() ? ", seamless loop" : "")
                + (shots.size() > 1
                        ? (plan.arrangement().equals("batch") ? ", one clip per image x" : ", slideshow of ")
                                + shots.size()
                        : "")
                + (texts == 0 ? "" : ", " + texts + (texts == 1 ? " text" : " texts"))
                + (plan.music() == null ? "" : ", music at " + plan.music().volumePercent() + "%");
    }
}
