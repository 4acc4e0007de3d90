package io.i2v.worker.plan;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The output frame in pixels, from the aspect and resolution asked for. Explicit job options win. */
record Frame(int width, int height) {
    private static final Pattern RESOLUTION = Pattern.compile("\\b(\\d{3,4})p\\b|\\b([48])k\\b");

    static Frame read(Reading r) {
        PromptText text = r.text();
        RenderPlan base = r.base();
        String aspect = aspectOf(base.width(), base.height());
        String askedAspect = null;
        if (text.takeAny("9:16", "vertical", "portrait", "tiktok", "reels", "shorts", "story", "竖屏", "竖版", "抖音")) {
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
            r.understand("aspect " + aspect);
        }
        if (r.options().aspect() != null) {
            aspect = r.options().aspect();
        }
        int shortSide = Math.min(base.width(), base.height());
        Matcher res = text.take(RESOLUTION);
        if (res != null) {
            int p = res.group(1) != null ? Integer.parseInt(res.group(1)) : 9999;
            if (p == 720 || p == 1080) {
                shortSide = p;
                r.understand(p + "p");
            } else {
                shortSide = 1080;
                r.cannot(res.group() + " is not available (long side at most 1920); using 1080p");
            }
        } else if (text.takeAny("高清")) {
            shortSide = 1080;
        }
        if (r.options().width() != null && r.options().height() != null) {
            return new Frame(r.options().width(), r.options().height());
        }
        return of(aspect, shortSide);
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

    static Frame of(String aspect, int shortSide) {
        return switch (aspect) {
            case "9:16" -> new Frame(shortSide, even(shortSide * 16 / 9.0));
            case "1:1" -> new Frame(shortSide, shortSide);
            case "4:5" -> new Frame(shortSide, even(shortSide * 5 / 4.0));
            default -> new Frame(even(shortSide * 16 / 9.0), shortSide);
        };
    }

    /** Scaled down, if need be, so the long side is at most {@code longSide}; sides stay even. */
    Frame atMost(int longSide) {
        double scale = Math.min(1, (double) longSide / Math.max(width, height));
        return new Frame(even(width * scale), even(height * scale));
    }

    private static int even(double v) {
        return (int) Math.round(v / 2) * 2;
    }
}
