package io.i2v.worker.plan;

/**
 * Depth as asked for: the subject as its own layer (parallax) or one flat move ({@code mode} null:
 * keep each shot's), and a scale on the parallax's strength. The depth job option wins.
 */
record DepthChange(Depth mode, double scale) {

    static DepthChange read(Reading r) {
        PromptText text = r.text();
        Depth mode = null;
        double scale = 1;
        if (text.takeAny(
                "less depth",
                "less parallax",
                "subtler depth",
                "subtler parallax",
                "weaker parallax",
                "less 3d",
                "减少立体",
                "弱一点的视差")) {
            scale = 0.5;
            r.understand("less depth: parallax halved");
        } else if (text.takeAny(
                "more depth", "more parallax", "stronger parallax", "deeper", "more 3d", "增强立体", "更立体")) {
            scale = 1.6;
            r.understand("more depth: parallax x 1.6");
        }
        if (text.takeAny("no parallax", "without parallax", "no depth", "no 3d", "flat", "2d", "平面", "不要视差")) {
            mode = Depth.AUTO.withMode("flat");
            r.understand("flat: one camera move over the whole picture, no layers");
        } else if (text.takeAny("parallax", "3d", "2.5d", "depth", "layers", "layered", "立体", "视差", "3d效果")) {
            mode = Depth.AUTO.withMode("layers");
            r.understand("parallax: the subject as its own layer, moving against the background");
        } else if (text.takeAny(
                "bring it to life",
                "bring to life",
                "brings it to life",
                "come alive",
                "comes alive",
                "living photo",
                "live photo",
                "活起来",
                "动起来")) {
            r.understand("bring to life: layered parallax where the photo has a clear subject");
        }
        if (r.options().depth() != null) {
            mode = Depth.AUTO.withMode(r.options().depth());
        }
        return new DepthChange(mode, scale);
    }

    /** A shot's depth with this change: the new mode keeps the shot's strength, then the scale applies. */
    Depth applyTo(Depth d) {
        Depth changed = mode != null ? mode.withStrength(d.strength()) : d;
        return changed.withStrength(changed.strength() * scale);
    }
}
