package io.i2v.worker.plan;

import io.i2v.core.job.Interpretation;
import io.i2v.core.job.JobOptions;
import io.i2v.worker.render.CameraPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an English or Chinese instruction into a render plan. Explicit job options win over
 * the text. Whatever the text asks for that this renderer cannot do is reported back, not dropped.
 */
public final class PromptInterpreter {
    private static final Pattern DURATION = Pattern.compile(
            "(\\d+(?:\\.\\d+)?)\\s*(?:-\\s*)?(?:seconds?|secs?|s\\b|秒)", Pattern.CASE_INSENSITIVE);
    private static final Pattern FPS = Pattern.compile("\\b(24|25|30|60)\\s*(?:fps|frames per second|帧)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern QUOTED = Pattern.compile("[\"“「『]([^\"”」』]{1,80})[\"”」』]");

    private final Defaults defaults;

    public PromptInterpreter(Defaults defaults) {
        this.defaults = defaults;
    }

    /** Output defaults (configured per worker). */
    public record Defaults(int longSide, int fps, double durationSeconds) {
    }

    public RenderPlan interpret(String prompt, JobOptions options) {
        String text = prompt == null ? "" : prompt.toLowerCase(Locale.ROOT);
        List<String> understood = new ArrayList<>();
        List<String> notUnderstood = new ArrayList<>();

        double duration = defaults.durationSeconds();
        Matcher d = DURATION.matcher(text);
        if (d.find()) {
            double asked = Double.parseDouble(d.group(1));
            duration = Math.max(1, Math.min(60, asked));
            if (duration != asked) {
                notUnderstood.add("duration " + d.group(1) + " s is outside 1–60 s; using " + duration + " s");
            }
        }
        if (options.durationSeconds() != null) {
            duration = options.durationSeconds();
        }
        understood.add("duration " + fmt(duration) + " s");

        String aspect = "16:9";
        if (has(text, "vertical", "portrait", "tiktok", "reels", "shorts", "9:16", "竖屏")) {
            aspect = "9:16";
        } else if (has(text, "square", "1:1", "方形")) {
            aspect = "1:1";
        } else if (has(text, "4:5")) {
            aspect = "4:5";
        }
        if (options.aspect() != null) {
            aspect = options.aspect();
        }
        int shortSide = has(text, "720p") ? 720 : Math.min(1080, defaults.longSide() * 9 / 16);
        int[] size = size(aspect, shortSide);
        if (options.width() != null && options.height() != null) {
            size = new int[] {options.width(), options.height()};
        }
        understood.add("aspect " + aspect + ", " + size[0] + "x" + size[1]);

        int fps = defaults.fps();
        Matcher f = FPS.matcher(text);
        if (f.find()) {
            fps = Integer.parseInt(f.group(1));
        }
        if (options.fps() != null) {
            fps = options.fps();
        }
        understood.add(fps + " fps");

        double intensity = 1.0;
        if (has(text, "slow", "gentle", "subtle", "calm", "缓慢", "轻柔")) {
            intensity = 0.6;
            understood.add("gentle pace");
        } else if (has(text, "fast", "dramatic", "dynamic", "energetic", "快速", "震撼")) {
            intensity = 1.7;
            understood.add("dramatic pace");
        }
        CameraPath.Easing easing = has(text, "linear", "constant speed") ? CameraPath.Easing.LINEAR
                : CameraPath.Easing.SMOOTH;
        understood.add(easing == CameraPath.Easing.SMOOTH ? "smooth eased motion" : "constant-speed motion");

        String motion = options.motion() != null ? options.motion().toLowerCase(Locale.ROOT) : motionOf(text);
        CameraPath camera = camera(motion, intensity, easing);
        understood.add("camera: " + motion);

        if (has(text, "cinematic", "电影")) {
            understood.add("cinematic: eased push-in");
            notUnderstood.add("cinematic letterbox and colour grade are not applied yet");
        }
        Matcher q = QUOTED.matcher(prompt == null ? "" : prompt);
        if (q.find()) {
            notUnderstood.add("text overlay \"" + q.group(1) + "\" is not supported yet");
        }
        if (has(text, "music", "song", "soundtrack", "audio", "音乐")) {
            notUnderstood.add("music is not supported yet; the video is silent");
        }
        if (has(text, "gif", "webm", ".mov", " mov ")) {
            notUnderstood.add("only MP4 output is available; rendering MP4");
        }
        String summary = fmt(duration) + " s " + size[0] + "x" + size[1] + " @ " + fps + " fps, " + motion
                + (intensity < 1 ? " (gentle)" : intensity > 1 ? " (dramatic)" : "");
        return new RenderPlan(size[0], size[1], fps, duration, motion, camera,
                new Interpretation(summary, understood, notUnderstood));
    }

    static String motionOf(String text) {
        if (has(text, "static", "no motion", "still shot", "静止")) {
            return "static";
        }
        if (has(text, "zoom out", "pull out", "pull back", "dolly out", "拉远")) {
            return "zoom out";
        }
        if (has(text, "pan left", "向左")) {
            return "pan left";
        }
        if (has(text, "pan right", "向右")) {
            return "pan right";
        }
        if (has(text, "tilt up", "pan up", "向上")) {
            return "tilt up";
        }
        if (has(text, "tilt down", "pan down", "向下")) {
            return "tilt down";
        }
        return "push in";
    }

    static CameraPath camera(String motion, double intensity, CameraPath.Easing easing) {
        double zoom = 0.15 * intensity;
        double shift = 0.12 * intensity;
        return switch (motion) {
            case "static" -> new CameraPath(1, 1, 0.5, 0.5, 0.5, 0.5, easing);
            case "zoom out" -> new CameraPath(1 + zoom, 1, 0.5, 0.5, 0.5, 0.5, easing);
            case "pan left" -> new CameraPath(1.25, 1.25, 0.5 + shift, 0.5, 0.5 - shift, 0.5, easing);
            case "pan right" -> new CameraPath(1.25, 1.25, 0.5 - shift, 0.5, 0.5 + shift, 0.5, easing);
            case "tilt up" -> new CameraPath(1.25, 1.25, 0.5, 0.5 + shift, 0.5, 0.5 - shift, easing);
            case "tilt down" -> new CameraPath(1.25, 1.25, 0.5, 0.5 - shift, 0.5, 0.5 + shift, easing);
            default -> new CameraPath(1, 1 + zoom, 0.5, 0.5, 0.5, 0.5, easing);
        };
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

    private static boolean has(String text, String... words) {
        for (String w : words) {
            if (text.contains(w)) {
                return true;
            }
        }
        return false;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
