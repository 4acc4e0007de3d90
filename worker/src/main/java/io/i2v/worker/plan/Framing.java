package io.i2v.worker.plan;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How each image fills the frame: the whole image over a blurred fill, or cropped to cover
 * ({@code fit} null: keep each shot's), and where to aim (null: keep each shot's). The focus job
 * options win.
 */
record Framing(Boolean fit, Double focusX, Double focusY) {
    private static final Pattern FOCUS_AT = Pattern.compile("focus (?:at|on) \\(?(\\d{1,3})%? ?, ?(\\d{1,3})%?\\)?");

    static Framing read(Reading r) {
        PromptText text = r.text();
        Boolean fit = null;
        if (text.takeAny(
                "show the whole image",
                "whole image",
                "entire image",
                "no crop",
                "don't crop",
                "do not crop",
                "without cropping",
                "keep everything",
                "keep all of it",
                "fit the whole",
                "完整",
                "不裁剪",
                "不要裁剪")) {
            fit = true;
            r.understand("whole image over a blurred fill");
        } else if (r.edit() && text.takeAny("fill the frame", "crop to fill", "填满")) {
            fit = false;
        }
        Double fx = null;
        Double fy = null;
        Matcher at = text.take(FOCUS_AT);
        if (at != null) {
            fx = Math.min(100, Integer.parseInt(at.group(1))) / 100.0;
            fy = Math.min(100, Integer.parseInt(at.group(2))) / 100.0;
        } else if (text.takeAny("focus on the left", "focus left", "聚焦左")) {
            fx = 0.25;
            fy = 0.5;
        } else if (text.takeAny("focus on the right", "focus right", "聚焦右")) {
            fx = 0.75;
            fy = 0.5;
        }
        if (r.options().focusX() != null && r.options().focusY() != null) {
            fx = r.options().focusX();
            fy = r.options().focusY();
        }
        if (fx != null) {
            r.understand("focus at " + Math.round(fx * 100) + "%, " + Math.round(fy * 100) + "%");
        }
        return new Framing(fit, fx, fy);
    }

    Shot applyTo(Shot s) {
        Shot framed = fit != null ? s.withFit(fit) : s;
        return focusX != null ? framed.withFocus(focusX, focusY) : framed;
    }
}
