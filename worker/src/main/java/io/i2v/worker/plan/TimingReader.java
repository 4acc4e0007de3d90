package io.i2v.worker.plan;

import static io.i2v.worker.plan.Reading.fmt;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How long the video runs, at what frame rate, and whether it loops. Explicit job options win. */
final class TimingReader {
    private static final Pattern DURATION = Pattern.compile(
            "(\\d+(?:\\.\\d+)?|[一二两三四五六七八九十]+)\\s*(?:-\\s*)?(?:seconds?|secs?|s\\b|秒)", Pattern.CASE_INSENSITIVE);
    private static final Pattern FPS =
            Pattern.compile("\\b(\\d{2,3})\\s*(?:-\\s*)?(?:fps|frames per second|帧)", Pattern.CASE_INSENSITIVE);

    private TimingReader() {}

    /** Seconds, 1 to 60; an edit may say "longer" (× 1.5) or "shorter". */
    static double duration(Reading r) {
        PromptText text = r.text();
        double duration = r.base().durationSeconds();
        Matcher d = text.take(DURATION);
        if (d != null) {
            double asked = PromptText.number(d.group(1));
            duration = Math.max(1, Math.min(60, asked));
            if (duration != asked) {
                r.cannot("duration " + d.group(1) + " s is outside 1–60 s; using " + fmt(duration) + " s");
            }
            r.understand("duration " + fmt(duration) + " s");
        } else if (r.edit() && text.takeAny("longer", "更长")) {
            duration = Math.min(60, duration * 1.5);
            r.understand("longer: " + fmt(duration) + " s");
        } else if (r.edit() && text.takeAny("shorter", "更短")) {
            duration = Math.max(1, duration / 1.5);
            r.understand("shorter: " + fmt(duration) + " s");
        }
        return r.options().durationSeconds() != null ? r.options().durationSeconds() : duration;
    }

    /** 24, 25, 30 or 60; any other rate asked for is reported and the plan's kept. */
    static int fps(Reading r) {
        int fps = r.base().fps();
        Matcher f = r.text().take(FPS);
        if (f != null) {
            int asked = Integer.parseInt(f.group(1));
            if (asked == 24 || asked == 25 || asked == 30 || asked == 60) {
                fps = asked;
                r.understand(fps + " fps");
            } else {
                r.cannot(asked + " fps is not offered (24, 25, 30 or 60); using " + fps);
            }
        }
        return r.options().fps() != null ? r.options().fps() : fps;
    }

    /** A seamless loop: asked for, kept from the parent, or undone by an edit. */
    static boolean loop(Reading r) {
        PromptText text = r.text();
        boolean loop = r.base().loop();
        if (r.edit() && text.takeAny("no loop", "not a loop", "don't loop", "不循环")) {
            loop = false;
            r.understand("no loop");
        } else if (text.takeAny("seamless loop", "seamlessly looping", "looping", "loopable", "loop", "循环", "无缝循环")) {
            loop = true;
        }
        if (r.options().loop() != null) {
            loop = r.options().loop();
        }
        if (loop) {
            r.understand("seamless loop: the last frame leads back into the first");
        }
        return loop;
    }
}
