package io.i2v.worker.plan;

import io.i2v.core.job.Interpretation;
import io.i2v.core.job.JobOptions;
import io.i2v.worker.media.OutputFormat;
import io.i2v.worker.render.CameraPath;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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
    private static final String CN_NUM = "[0-9.一二两三四五六七八九十]+";
    private static final Pattern DURATION = Pattern.compile(
            "(\\d+(?:\\.\\d+)?|[一二两三四五六七八九十]+)\\s*(?:-\\s*)?(?:seconds?|secs?|s\\b|秒)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern FPS = Pattern.compile("\\b(\\d{2,3})\\s*(?:-\\s*)?(?:fps|frames per second|帧)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern RESOLUTION = Pattern.compile("\\b(\\d{3,4})p\\b|\\b([48])k\\b");
    private static final Pattern QUOTED = Pattern.compile("[\"“「『‘]([^\"”」』’]{1,80}?)[\"”」』’]");
    private static final Pattern FIRST = Pattern.compile(
            "(?:for |during )?(?:the )?first (\\d+(?:\\.\\d+)?) ?(?:seconds?|secs?|s\\b)|前 ?(" + CN_NUM + ") ?秒");
    private static final Pattern LAST = Pattern.compile(
            "(?:for |during )?(?:the )?(?:last|final) (\\d+(?:\\.\\d+)?) ?(?:seconds?|secs?|s\\b)|最后 ?(" + CN_NUM
                    + ") ?秒");
    private static final Pattern FROM_TO = Pattern.compile(
            "from (\\d+(?:\\.\\d+)?) ?s? to (\\d+(?:\\.\\d+)?) ?(?:seconds?|secs?|s\\b)|(" + CN_NUM + ") ?(?:秒)?[到至-] ?("
                    + CN_NUM + ") ?秒");
    private static final Pattern VOLUME = Pattern.compile(
            "(?:volume|音量)(?: at| of)? ?(\\d{1,3}) ?%|(\\d{1,3}) ?% ?(?:volume|音量)?");
    private static final Pattern FOCUS_AT = Pattern.compile(
            "focus (?:at|on) \\(?(\\d{1,3})%? ?, ?(\\d{1,3})%?\\)?");
    private static final Set<String> STOP = Set.copyOf(List.of("the", "and", "into", "with", "this", "that", "make", "video",
            "image", "photo", "picture", "please", "animate", "turn", "create", "clip", "for", "from", "a", "an",
            "of", "it", "to", "in", "on", "at", "my", "our", "some", "movie", "film", "motion", "camera", "shot",
            "then", "while", "add", "put", "use", "show", "want", "like", "give", "get", "just", "also", "more",
            "less", "very", "bit", "little", "style", "look", "feel", "version", "instead", "now", "same", "one",
            "each", "all", "them", "these", "images", "photos", "pictures", "should", "can", "could", "would",
            "let", "have", "has", "its", "be", "is", "are", "was", "out", "up", "down", "over", "text", "words",
            "saying", "says", "reads", "called", "named", "seconds", "second", "secs", "sec", "long", "frames",
            "per", "quality", "resolution", "speed", "pace", "move", "moves", "moving", "effect", "nice", "good",
            "beautiful", "high", "hd", "full", "so", "but", "not", "no", "only", "by", "as", "than", "too"));
    private static final List<String> KNOWN_WORDS = List.of("cinematic", "smooth", "smoothly", "eased", "easing",
            "gentle", "gently", "slow", "slowly", "slower", "subtle", "calm", "fast", "faster", "quick", "dramatic",
            "dynamic", "energetic", "vertical", "portrait", "tiktok", "reels", "shorts", "square", "landscape",
            "horizontal", "widescreen", "zoom", "push", "pull", "dolly", "pan", "tilt", "left", "right", "drift",
            "drifting", "float", "orbit", "parallax", "sway", "static", "still", "title", "caption", "subtitle",
            "top", "bottom", "center", "centre", "middle", "fade", "fading", "first", "last", "final", "end",
            "start", "beginning", "whole", "entire", "crop", "cropping", "fit", "keep", "everything", "focus",
            "subject", "slideshow", "transitions", "transition", "together", "linear", "constant", "mp4", "fps",
            "back", "away", "closer", "across", "linger", "frame", "reframe", "vertically", "throughout",
            "instagram", "youtube", "story", "stories", "remove", "drop", "without", "letterbox", "bars", "grade",
            "export", "output", "format", "file", "background", "music", "volume", "quieter", "louder", "loop",
            "seamless", "seamlessly", "parallax", "depth", "flat", "layers", "layered", "orbit", "circle", "vertigo",
            "rack", "life", "living", "alive", "bring", "come", "comes", "brings", "deeper", "stronger", "subtler",
            "weaker", "endless", "endlessly");

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
        int[] size = size("16:9", shortSide);
        RenderPlan base = new RenderPlan(size[0], size[1], defaults.fps(), defaults.durationSeconds(),
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
        String original = prompt == null ? "" : prompt.trim();
        List<String> understood = new ArrayList<>();
        List<String> notUnderstood = new ArrayList<>();
        Text text = new Text(original);

        // text overlays first: their quoted words and timing phrases must not be read as anything else
        List<Caption> captions = new ArrayList<>(base.captions());
        if (edit && text.takeAny("remove the title", "no title", "without the title", "remove the caption",
                "no caption", "删除标题", "去掉标题", "去掉字幕")) {
            captions.clear();
            understood.add("text removed");
        }
        List<String> quotes = new ArrayList<>();
        Matcher q = QUOTED.matcher(text.lower);
        String padded = " " + original + " "; // same offsets as the lower-cased text
        while (q.find()) {
            quotes.add(padded.substring(q.start(1), q.end(1)).trim());
        }
        text.erase(QUOTED);
        double[] window = null;
        Matcher first = FIRST.matcher(text.lower);
        Matcher last = LAST.matcher(text.lower);
        Matcher fromTo = FROM_TO.matcher(text.lower);
        String when = null;
        if (first.find()) {
            window = new double[] {0, number(first.group(1) != null ? first.group(1) : first.group(2))};
            text.erase(first.group());
        } else if (last.find()) {
            window = new double[] {-number(last.group(1) != null ? last.group(1) : last.group(2)), 0};
            when = "end";
            text.erase(last.group());
        } else if (fromTo.find()) {
            window = fromTo.group(1) != null
                    ? new double[] {number(fromTo.group(1)), number(fromTo.group(2))}
                    : new double[] {number(fromTo.group(3)), number(fromTo.group(4))};
            text.erase(fromTo.group());
        }
        boolean atEnd = text.takeAny("at the end", "in the end", "结尾", "片尾");
        boolean throughout = text.takeAny("throughout", "the whole time", "whole video", "全程", "一直");
        String position = text.takeAny("at the top", "top", "顶部", "上方") ? "top"
                : text.takeAny("at the bottom", "bottom", "底部", "下方") ? "bottom"
                : text.takeAny("in the center", "in the centre", "in the middle", "centered", "centred", "居中",
                "中间") ? "center" : null;
        boolean noFade = text.takeAny("no fade", "without fade", "不要淡入");
        boolean captionWord = text.has("caption", "subtitle", "字幕");

        // duration
        double duration = base.durationSeconds();
        Matcher d = DURATION.matcher(text.lower);
        if (d.find()) {
            double asked = number(d.group(1));
            duration = Math.max(1, Math.min(60, asked));
            if (duration != asked) {
                notUnderstood.add("duration " + d.group(1) + " s is outside 1–60 s; using " + fmt(duration) + " s");
            }
            text.erase(d.group());
            understood.add("duration " + fmt(duration) + " s");
        } else if (edit && text.takeAny("longer", "更长")) {
            duration = Math.min(60, duration * 1.5);
            understood.add("longer: " + fmt(duration) + " s");
        } else if (edit && text.takeAny("shorter", "更短")) {
            duration = Math.max(1, duration / 1.5);
            understood.add("shorter: " + fmt(duration) + " s");
        }
        if (options.durationSeconds() != null) {
            duration = options.durationSeconds();
        }

        // aspect and resolution
        String aspect = aspectOf(base.width(), base.height());
        String askedAspect = null;
        if (text.takeAny("9:16", "vertical", "portrait", "tiktok", "reels", "shorts", "story", "竖屏", "竖版",
                "抖音")) {
            askedAspect = "9:16";
        } else if (text.takeAny("1:1", "square", "正方形", "方形")) {
            askedAspect = "1:1";
        } else if (text.takeAny("4:5")) {
            askedAspect = "4:5";
        } else if (text.takeAny("16:9", "landscape", "horizontal", "widescreen", "横屏", "横版")) {
            askedAspect = "16:9";
        }
        if (askedAspect != null) {
            aspect = askedAspect;
            understood.add("aspect " + aspect);
        }
        if (options.aspect() != null) {
            aspect = options.aspect();
        }
        int shortSide = Math.min(base.width(), base.height());
        Matcher r = RESOLUTION.matcher(text.lower);
        if (r.find()) {
            int p = r.group(1) != null ? Integer.parseInt(r.group(1)) : 9999;
            if (p == 720 || p == 1080) {
                shortSide = p;
                understood.add(p + "p");
            } else {
                shortSide = 1080;
                notUnderstood.add(r.group() + " is not available (long side at most 1920); using 1080p");
            }
            text.erase(r.group());
        } else if (text.takeAny("高清")) {
            shortSide = 1080;
        }
        int[] size = size(aspect, shortSide);
        if (options.width() != null && options.height() != null) {
            size = new int[] {options.width(), options.height()};
        }

        // frame rate
        int fps = base.fps();
        Matcher f = FPS.matcher(text.lower);
        if (f.find()) {
            int asked = Integer.parseInt(f.group(1));
            if (asked == 24 || asked == 25 || asked == 30 || asked == 60) {
                fps = asked;
                understood.add(fps + " fps");
            } else {
                notUnderstood.add(asked + " fps is not offered (24, 25, 30 or 60); using " + fps);
            }
            text.erase(f.group());
        }
        if (options.fps() != null) {
            fps = options.fps();
        }

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
        boolean loop = base.loop();
        if (edit && text.takeAny("no loop", "not a loop", "don't loop", "不循环")) {
            loop = false;
            understood.add("no loop");
        } else if (text.takeAny("seamless loop", "seamlessly looping", "looping", "loopable", "loop", "循环",
                "无缝循环")) {
            loop = true;
        }
        if (options.loop() != null) {
            loop = options.loop();
        }
        if (loop) {
            understood.add("seamless loop: the last frame leads back into the first");
        }

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

        // captions from the quotes, now that the duration is known
        for (String quote : quotes) {
            boolean title = !captionWord;
            double start;
            double end;
            if (window != null && when == null) {
                start = window[0];
                end = window[1];
            } else if (window != null) {
                start = duration + window[0];
                end = duration;
            } else if (throughout || (!title && !atEnd)) {
                start = 0;
                end = duration;
            } else if (atEnd) {
                start = Math.max(0, duration - 3);
                end = duration;
            } else {
                start = 0;
                end = Math.min(3, duration);
            }
            start = Math.max(0, Math.min(duration, start));
            end = Math.max(start, Math.min(duration, end));
            String pos = position != null ? position : title ? "center" : "bottom";
            double fade = noFade ? 0 : Math.min(0.5, (end - start) / 3);
            captions.add(new Caption(quote, title, start, end, pos, fade));
            understood.add((title ? "title" : "caption") + " \"" + quote + "\" " + Timeline.sec(start) + "-"
                    + Timeline.sec(end) + " s, " + pos + (fade > 0 ? ", fading" : ""));
        }
        if (quotes.isEmpty() && (text.has("title", "caption", "subtitle", "标题", "字幕"))) {
            notUnderstood.add("text overlay asked for but no quoted text found; put the words in quotes");
        }
        // captions of a parent that no longer fit a shorter video are clipped
        List<Caption> fitted = new ArrayList<>();
        for (Caption c : captions) {
            if (c.start() < duration) {
                fitted.add(new Caption(c.text(), c.title(), c.start(), Math.min(duration, c.end()), c.position(),
                        c.fade()));
            }
        }

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
            double fadeOut = noFade ? 0 : Math.min(2, duration / 3);
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
            double scale = Math.min(1, (double) OutputFormat.GIF_LONG_SIDE / Math.max(size[0], size[1]));
            size = new int[] {even(size[0] * scale), even(size[1] * scale)};
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

        RenderPlan plan = new RenderPlan(size[0], size[1], fps, duration, arrangement, shots, fitted, music, look,
                format, null, loop);
        Motion m0 = shots.get(0).motion();
        String summary = fmt(duration) + " s " + size[0] + "x" + size[1] + " @ " + fps + " fps, " + m0.kind()
                + (m0.intensity() < 0.95 ? " (gentle)" : m0.intensity() > 1.05 ? " (dramatic)" : "")
                + (look.letterbox() ? ", cinematic" : "") + (shots.get(0).fit() ? ", whole image" : "")
                + (shots.get(0).depth().flat() ? ", flat" : ", depth " + shots.get(0).depth().mode())
                + (loop ? ", seamless loop" : "")
                + (shots.size() > 1 ? (arrangement.equals("batch") ? ", one clip per image x" : ", slideshow of ")
                + shots.size() : "")
                + (fitted.isEmpty() ? "" : ", " + fitted.size() + (fitted.size() == 1 ? " text" : " texts"))
                + (music == null ? "" : ", music at " + music.volumePercent() + "%");
        List<String> u = new ArrayList<>(new LinkedHashSet<>(understood));
        if (u.isEmpty()) {
            u.add(edit ? "no change recognised; same as before" : "defaults");
        }
        return plan.withInterpretation(new Interpretation(summary, u, notUnderstood));
    }

    static String motionOf(Text text) {
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

    static String aspectOf(int w, int h) {
        if (w == h) {
            return "1:1";
        }
        if (w * 5 == h * 4) {
            return "4:5";
        }
        return w > h ? "16:9" : "9:16";
    }

    static int[] size(String aspect, int shortSide) {
        return switch (aspect) {
            case "9:16" -> new int[] {shortSide, even(shortSide * 16 / 9.0)};
            case "1:1" -> new int[] {shortSide, shortSide};
            case "4:5" -> new int[] {shortSide, even(shortSide * 5 / 4.0)};
            default -> new int[] {even(shortSide * 16 / 9.0), shortSide};
        };
    }

    private static int even(double v) {
        return (int) Math.round(v / 2) * 2;
    }

    /** 3, 7.5, or Chinese numerals up to 99 (十, 十五, 二十, 三十五). */
    static double number(String s) {
        if (s.matches("[0-9.]+")) {
            return Double.parseDouble(s);
        }
        String digits = "零一二三四五六七八九";
        int tenAt = s.indexOf('十');
        s = s.replace('两', '二');
        if (tenAt < 0) {
            return digits.indexOf(s.charAt(0));
        }
        int tens = tenAt == 0 ? 1 : digits.indexOf(s.charAt(0));
        int ones = tenAt == s.length() - 1 ? 0 : digits.indexOf(s.charAt(tenAt + 1));
        return tens * 10 + ones;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(Math.round(v * 100) / 100.0);
    }

    /** The instruction being read: phrases are blanked out as they are understood. */
    static final class Text {
        String lower;

        Text(String s) {
            lower = " " + s.toLowerCase(Locale.ROOT) + " ";
        }

        boolean has(String... phrases) {
            for (String p : phrases) {
                if (lower.contains(p)) {
                    return true;
                }
            }
            return false;
        }

        /** True if any phrase occurs (whole words for Latin phrases); all occurrences are blanked. */
        boolean takeAny(String... phrases) {
            boolean found = false;
            for (String p : phrases) {
                Pattern pattern = Pattern.compile(p.matches(".*[a-z0-9].*")
                        ? "(?<![a-z0-9])" + Pattern.quote(p) + "(?![a-z0-9])" : Pattern.quote(p));
                Matcher m = pattern.matcher(lower);
                if (m.find()) {
                    found = true;
                    lower = m.replaceAll(" ");
                }
            }
            return found;
        }

        void erase(String s) {
            lower = lower.replace(s, " ");
        }

        void erase(Pattern p) {
            lower = p.matcher(lower).replaceAll(" ");
        }

        Set<String> leftoverWords() {
            Set<String> out = new LinkedHashSet<>();
            for (String w : lower.split("[^a-z]+")) {
                if (w.length() >= 3 && !STOP.contains(w) && !KNOWN_WORDS.contains(w)) {
                    out.add(w);
                }
            }
            return out;
        }
    }
}
