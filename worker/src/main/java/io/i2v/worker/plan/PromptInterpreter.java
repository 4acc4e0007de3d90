package io.i2v.worker.plan;

import static io.i2v.worker.plan.Reading.fmt;

import io.i2v.core.job.JobOptions;
import io.i2v.worker.media.OutputFormat;
import io.i2v.worker.render.CameraPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an English or Chinese instruction into a render plan, or applies a follow-up edit to
 * a previous plan. Explicit job options win over the text. Whatever the text asks for that this
 * renderer cannot do is reported back in {@code notUnderstood}, not dropped.
 */
public final class PromptInterpreter {
    private static final Pattern VOLUME = Pattern.compile(
            "(?:volume|音量)(?: at| of)? ?(\\d{1,3}) ?%|(\\d{1,3}) ?% ?(?:volume|音量)?");
    private static final Pattern FOCUS_AT = Pattern.compile(
            "focus (?:at|on) \\(?(\\d{1,3})%? ?, ?(\\d{1,3})%?\\)?");
    private final Defaults defaults;

    public PromptInterpreter(Defaults defaults) {
        this.defaults = defaults;
    }

    /** Output defaults (configured per worker). */
    public record Defaults(int longSide, int fps, double durationSeconds) {
    }

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
        RenderPlan base = new RenderPlan(frame.width(), frame.height(), defaults.fps(), defaults.durationSeconds(),
                images.size() > 1 ? "slideshow" : "single", shots, List.of(), null, Look.PLAIN, "mp4", null);
        return apply(base, prompt, options, false, audio);
    }

    /** A follow-up edit: the parent's plan changed by what {@code prompt} says. */
    public RenderPlan edit(RenderPlan parent, String prompt, JobOptions options) {
        return edit(parent, prompt, options, parent.music() == null ? null : parent.music().name());
    }

    /** As {@link #edit(RenderPlan, String, JobOptions)}; {@code audio}: the music file this job carries, or null. */
    public RenderPlan edit(RenderPlan parent, String prompt, JobOptions options, String audio) {
        return apply(parent, prompt, options, true, audio);
    }

    private RenderPlan apply(RenderPlan base, String prompt, JobOptions options, boolean edit, String audio) {
        Reading r = Reading.of(prompt, base, options, edit);
        PromptText text = r.text();
        List<String> understood = r.understood();
        List<String> notUnderstood = r.notUnderstood();
        TextOverlays overlays = TextOverlays.read(r);
        double duration = TimingReader.duration(r);
        Frame frame = Frame.read(r);
        int fps = TimingReader.fps(r);

        // look
        Look look = base.look();
        boolean cinematic = text.takeAny("cinematic", "cinema", "film look", "电影感", "电影");
        if (cinematic) {
            look = new Look(true, true);
            understood.add("cinematic: 2.39:1 letterbox, subtle grade, gentle push-in");
        }
        if (edit && text.takeAny("no letterbox", "remove the bars", "without bars", "去掉黑边")) {
            look = new Look(false, look.grade());
            understood.add("no letterbox");
        }

        // camera
        String kind = motionOf(text);
        if (kind == null && cinematic && !edit) {
            kind = "push in";
        }
        double pace = 1;
        if (text.takeAny("slower", "slow down", "更慢", "慢一点")) {
            pace = 0.6;
            understood.add("slower");
        } else if (text.takeAny("faster", "speed up", "更快", "快一点")) {
            pace = 1.6;
            understood.add("faster");
        } else if (text.takeAny("slow", "gentle", "gently", "subtle", "calm", "缓慢", "慢", "轻柔", "舒缓")) {
            pace = cinematic ? 0.6 : 0.6;
            understood.add("gentle pace");
        } else if (text.takeAny("fast", "quick", "dramatic", "dynamic", "energetic", "快速", "快", "震撼", "动感",
                "戏剧")) {
            pace = 1.7;
            understood.add("dramatic pace");
        } else if (cinematic && !edit) {
            pace = 0.8;
        }
        CameraPath.Easing easing = null;
        if (text.takeAny("linear", "constant speed", "匀速")) {
            easing = CameraPath.Easing.LINEAR;
            understood.add("constant-speed motion");
        } else if (text.takeAny("smooth", "smoothly", "eased", "easing", "平滑", "流畅", "丝滑")) {
            easing = CameraPath.Easing.SMOOTH;
            understood.add("smooth eased motion");
        }
        if (options.motion() != null) {
            String m = options.motion().toLowerCase(Locale.ROOT).trim();
            kind = Motion.KINDS.contains(m) ? m : kind;
            if (!Motion.KINDS.contains(m)) {
                notUnderstood.add("motion option \"" + options.motion() + "\" is not one of " + Motion.KINDS);
            }
        }
        if (kind != null) {
            understood.add("camera: " + kind);
        }

        // depth: the subject as its own layer (parallax), or one flat move; and seamless loops
        Depth depthAsked = null;
        double depthScale = 1;
        if (text.takeAny("less depth", "less parallax", "subtler depth", "subtler parallax", "weaker parallax",
                "less 3d", "减少立体", "弱一点的视差")) {
            depthScale = 0.5;
            understood.add("less depth: parallax halved");
        } else if (text.takeAny("more depth", "more parallax", "stronger parallax", "deeper", "more 3d",
                "增强立体", "更立体")) {
            depthScale = 1.6;
            understood.add("more depth: parallax x 1.6");
        }
        if (text.takeAny("no parallax", "without parallax", "no depth", "no 3d", "flat", "2d", "平面", "不要视差")) {
            depthAsked = Depth.AUTO.withMode("flat");
            understood.add("flat: one camera move over the whole picture, no layers");
        } else if (text.takeAny("parallax", "3d", "2.5d", "depth", "layers", "layered", "立体", "视差", "3d效果")) {
            depthAsked = Depth.AUTO.withMode("layers");
            understood.add("parallax: the subject as its own layer, moving against the background");
        } else if (text.takeAny("bring it to life", "bring to life", "brings it to life", "come alive",
                "comes alive", "living photo", "live photo", "活起来", "动起来")) {
            understood.add("bring to life: layered parallax where the photo has a clear subject");
        }
        if (options.depth() != null) {
            depthAsked = Depth.AUTO.withMode(options.depth());
        }
        boolean loop = TimingReader.loop(r);

        // framing and focus
        Boolean fit = null;
        if (text.takeAny("show the whole image", "whole image", "entire image", "no crop", "don't crop",
                "do not crop", "without cropping", "keep everything", "keep all of it", "fit the whole",
                "完整", "不裁剪", "不要裁剪")) {
            fit = true;
            understood.add("whole image over a blurred fill");
        } else if (edit && text.takeAny("fill the frame", "crop to fill", "填满")) {
            fit = false;
        }
        Double fx = null;
        Double fy = null;
        Matcher fa = FOCUS_AT.matcher(text.lower);
        if (fa.find()) {
            fx = Math.min(100, Integer.parseInt(fa.group(1))) / 100.0;
            fy = Math.min(100, Integer.parseInt(fa.group(2))) / 100.0;
            text.erase(fa.group());
        } else if (text.takeAny("focus on the left", "focus left", "聚焦左")) {
            fx = 0.25;
            fy = 0.5;
        } else if (text.takeAny("focus on the right", "focus right", "聚焦右")) {
            fx = 0.75;
            fy = 0.5;
        }
        if (options.focusX() != null && options.focusY() != null) {
            fx = options.focusX();
            fy = options.focusY();
        }
        if (fx != null) {
            understood.add("focus at " + Math.round(fx * 100) + "%, " + Math.round(fy * 100) + "%");
        }

        // several images
        String arrangement = base.arrangement();
        if (base.shots().size() > 1) {
            if (text.takeAny("one clip per image", "a clip per image", "one video per image", "separate clips",
                    "separate videos", "each image", "each photo", "batch", "分别", "每张")) {
                arrangement = "batch";
            } else if (text.takeAny("slideshow", "transitions", "transition", "one video", "together", "幻灯片",
                    "合成")) {
                arrangement = "slideshow";
            }
            understood.add(arrangement.equals("batch") ? "one clip per image (" + base.shots().size() + " videos)"
                    : "slideshow of " + base.shots().size() + " images with " + RenderPlan.CROSSFADE_SECONDS
                    + " s cross-fades");
        }

        List<Shot> shots = new ArrayList<>();
        for (Shot s : base.shots()) {
            Motion m = s.motion();
            if (kind != null) {
                m = m.withKind(kind).withIntensity(edit ? m.intensity() : 1);
            }
            m = m.withIntensity(m.intensity() * pace);
            if (easing != null) {
                m = m.withEasing(easing);
            }
            Shot n = s.withMotion(m);
            if (fit != null) {
                n = n.withFit(fit);
            }
            if (fx != null) {
                n = n.withFocus(fx, fy);
            }
            Depth dep = depthAsked != null ? depthAsked.withStrength(n.depth().strength()) : n.depth();
            n = n.withDepth(dep.withStrength(dep.strength() * depthScale));
            shots.add(n);
        }

        List<Caption> captions = overlays.place(r, duration);

        // music: the audio file that came with the job, looped or trimmed to the video
        Music music = base.music();
        boolean musicWords = text.has("music", "song", "soundtrack", "audio", "bgm", "sound", "音乐", "配乐", "背景音乐");
        Matcher vol = VOLUME.matcher(text.lower);
        Integer volume = null;
        if (vol.find()) {
            volume = Math.min(200, Integer.parseInt(vol.group(1) != null ? vol.group(1) : vol.group(2)));
            text.erase(vol.group());
        }
        boolean quieter = text.takeAny("quieter", "softer", "lower the music", "turn the music down", "小声一点");
        boolean louder = text.takeAny("louder", "turn the music up", "大声一点");
        boolean soft = text.takeAny("quiet", "soft", "low volume", "轻音乐", "小声");
        boolean fadeOutWords = text.takeAny("fade out", "fading out", "fades out", "淡出");
        if (edit && text.takeAny("remove the music", "no music", "without music", "mute", "silent", "去掉音乐",
                "静音")) {
            music = null;
            understood.add("music removed");
        } else if (audio != null) {
            int v = music != null ? music.volumePercent() : 100;
            if (volume != null) {
                v = volume;
            } else if (soft) {
                v = 35;
            } else if (quieter) {
                v = (int) Math.round(v * 0.6);
            } else if (louder) {
                v = Math.min(200, (int) Math.round(v * 1.5));
            }
            double fadeOut = overlays.noFade() ? 0 : Math.min(2, duration / 3);
            music = new Music(audio, v, fadeOut);
            understood.add("music " + audio + " at " + v + "%" + (fadeOut > 0 ? ", fading out over "
                    + fmt(fadeOut) + " s" : "") + ", looped or trimmed to the video");
        } else if (musicWords || volume != null || fadeOutWords) {
            notUnderstood.add("music: no audio file came with the job; add an MP3, WAV, M4A or AAC file beside the"
                    + " images. The video is silent");
            music = null;
        } else if (music != null) {
            notUnderstood.add("music " + music.name() + ": its file is not part of this job; the video is silent");
            music = null;
        }
        text.takeAny("music", "song", "soundtrack", "audio", "bgm", "sound", "背景音乐", "音乐", "配乐", "volume",
                "音量");

        String format = base.format();
        if (text.takeAny("webm")) {
            format = "webm";
        } else if (text.takeAny("gif", "动图")) {
            format = "gif";
        } else if (text.takeAny(".mov", "mov", "quicktime")) {
            format = "mov";
        } else if (text.takeAny("mp4")) {
            format = "mp4";
        }
        if (options.format() != null) {
            if (OutputFormat.of(options.format()).isPresent()) {
                format = OutputFormat.of(options.format()).get().extension();
            } else {
                notUnderstood.add("format option \"" + options.format() + "\" is not offered (mp4, mov, webm, gif);"
                        + " rendering " + format);
            }
        }
        if (!format.equals("mp4")) {
            understood.add(format.toUpperCase(Locale.ROOT) + " output");
        }
        if (format.equals("gif")) {
            // GIF frames are stored nearly raw: keep it small enough to send
            frame = frame.atMost(OutputFormat.GIF_LONG_SIDE);
            fps = OutputFormat.GIF_FPS;
            understood.add("GIF at most " + OutputFormat.GIF_LONG_SIDE + " px, " + OutputFormat.GIF_FPS + " fps");
            if (music != null) {
                notUnderstood.add("GIF has no sound; the music is left out");
                music = null;
            }
        }
        Set<String> leftover = text.leftoverWords();
        if (!leftover.isEmpty()) {
            notUnderstood.add("not acted on: " + String.join(", ", leftover));
        }

        RenderPlan plan = new RenderPlan(frame.width(), frame.height(), fps, duration, arrangement, shots, captions, music, look,
                format, null, loop);
        Motion m0 = shots.get(0).motion();
        String summary = fmt(duration) + " s " + frame.width() + "x" + frame.height() + " @ " + fps + " fps, " + m0.kind()
                + (m0.intensity() < 0.95 ? " (gentle)" : m0.intensity() > 1.05 ? " (dramatic)" : "")
                + (look.letterbox() ? ", cinematic" : "") + (shots.get(0).fit() ? ", whole image" : "")
                + (shots.get(0).depth().flat() ? ", flat" : ", depth " + shots.get(0).depth().mode())
                + (loop ? ", seamless loop" : "")
                + (shots.size() > 1 ? (arrangement.equals("batch") ? ", one clip per image x" : ", slideshow of ")
                + shots.size() : "")
                + (captions.isEmpty() ? "" : ", " + captions.size() + (captions.size() == 1 ? " text" : " texts"))
                + (music == null ? "" : ", music at " + music.volumePercent() + "%");
        return plan.withInterpretation(r.interpretation(summary));
    }

    static String motionOf(PromptText text) {
        if (text.takeAny("static", "no motion", "no movement", "still shot", "keep it still", "静止", "不动",
                "固定镜头")) {
            return "static";
        }
        if (text.takeAny("zoom out", "zooming out", "pull out", "pull back", "dolly out", "拉远", "缩小", "后退")) {
            return "zoom out";
        }
        if (text.has("dolly zoom", "dolly-zoom")) {
            text.takeAny("dolly zoom", "dolly-zoom");
            return "vertigo";
        }
        if (text.takeAny("dolly in", "dolly")) {
            return "dolly in";
        }
        if (text.takeAny("pan left", "panning left", "move left", "向左平移", "向左", "左移")) {
            return "pan left";
        }
        if (text.takeAny("pan right", "panning right", "move right", "pan across", "向右平移", "向右", "右移",
                "平移")) {
            return "pan right";
        }
        if (text.takeAny("tilt up", "pan up", "move up", "向上", "上摇", "上移")) {
            return "tilt up";
        }
        if (text.takeAny("tilt down", "pan down", "move down", "向下", "下摇", "下移")) {
            return "tilt down";
        }
        if (text.takeAny("vertigo", "dolly zoom", "dolly-zoom", "zolly", "trombone shot", "滑动变焦", "希区柯克")) {
            return "vertigo";
        }
        if (text.takeAny("rack focus", "focus pull", "pull focus", "shift the focus", "focus shift", "焦点转移",
                "移焦")) {
            return "rack focus";
        }
        if (text.takeAny("orbit", "orbiting", "circle around", "circling", "arc shot", "环绕", "绕")) {
            return "orbit";
        }
        if (text.takeAny("sway", "swaying", "摇摆")) {
            return "sway";
        }
        if (text.takeAny("drift", "drifting", "float", "漂移", "漂浮")) {
            return "drift";
        }
        if (text.takeAny("zoom in", "zooming in", "push in", "push-in", "pushing in", "zoom", "push", "move closer",
                "推近", "推进", "放大", "拉近", "推镜")) {
            return "push in";
        }
        return null;
    }
}
