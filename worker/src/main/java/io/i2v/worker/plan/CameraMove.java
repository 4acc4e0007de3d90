package io.i2v.worker.plan;

import io.i2v.worker.render.CameraPath;
import java.util.Locale;

/**
 * The camera move as asked for: its kind (null: keep each shot's), a pace that scales its strength,
 * and its easing (null: keep each shot's). The motion job option wins over the words.
 */
record CameraMove(String kind, double pace, CameraPath.Easing easing) {

    static CameraMove read(Reading r, boolean cinematic) {
        PromptText text = r.text();
        boolean fresh = cinematic && !r.edit();
        String kind = kindOf(text);
        if (kind == null && fresh) {
            kind = "push in";
        }
        double pace = pace(r, fresh);
        CameraPath.Easing easing = null;
        if (text.takeAny("linear", "constant speed", "匀速")) {
            easing = CameraPath.Easing.LINEAR;
            r.understand("constant-speed motion");
        } else if (text.takeAny("smooth", "smoothly", "eased", "easing", "平滑", "流畅", "丝滑")) {
            easing = CameraPath.Easing.SMOOTH;
            r.understand("smooth eased motion");
        }
        String option = r.options().motion();
        if (option != null) {
            String m = option.toLowerCase(Locale.ROOT).trim();
            if (Motion.KINDS.contains(m)) {
                kind = m;
            } else {
                r.cannot("motion option \"" + option + "\" is not one of " + Motion.KINDS);
            }
        }
        if (kind != null) {
            r.understand("camera: " + kind);
        }
        return new CameraMove(kind, pace, easing);
    }

    /** Slower or faster than the parent (edits), or gentle or dramatic; a new cinematic plan is a little gentle. */
    private static double pace(Reading r, boolean freshCinematic) {
        PromptText text = r.text();
        if (text.takeAny("slower", "slow down", "更慢", "慢一点")) {
            r.understand("slower");
            return 0.6;
        }
        if (text.takeAny("faster", "speed up", "更快", "快一点")) {
            r.understand("faster");
            return 1.6;
        }
        if (text.takeAny("slow", "gentle", "gently", "subtle", "calm", "缓慢", "慢", "轻柔", "舒缓")) {
            r.understand("gentle pace");
            return 0.6;
        }
        if (text.takeAny("fast", "quick", "dramatic", "dynamic", "energetic", "快速", "快", "震撼", "动感", "戏剧")) {
            r.understand("dramatic pace");
            return 1.7;
        }
        return freshCinematic ? 0.8 : 1;
    }

    /** A shot's motion with this move: a new kind starts from normal strength (an edit keeps the parent's). */
    Motion applyTo(Motion m, boolean edit) {
        if (kind != null) {
            m = m.withKind(kind).withIntensity(edit ? m.intensity() : 1);
        }
        m = m.withIntensity(m.intensity() * pace);
        return easing != null ? m.withEasing(easing) : m;
    }

    /** The kind of move the words name, taken from the text; null if none. */
    static String kindOf(PromptText text) {
        if (text.takeAny("static", "no motion", "no movement", "still shot", "keep it still", "静止", "不动", "固定镜头")) {
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
        if (text.takeAny("pan right", "panning right", "move right", "pan across", "向右平移", "向右", "右移", "平移")) {
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
        if (text.takeAny("rack focus", "focus pull", "pull focus", "shift the focus", "focus shift", "焦点转移", "移焦")) {
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
        if (text.takeAny(
                "zoom in",
                "zooming in",
                "push in",
                "push-in",
                "pushing in",
                "zoom",
                "push",
                "move closer",
                "推近",
                "推进",
                "放大",
                "拉近",
                "推镜")) {
            return "push in";
        }
        return null;
    }
}
