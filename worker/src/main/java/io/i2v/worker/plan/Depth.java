package io.i2v.worker.plan;

import java.util.List;

/**
 * Whether a shot is drawn as depth layers: {@code auto} (layers when the photo has a subject the
 * renderer trusts, else one flat move), {@code layers} (asked for: parallax whenever a subject can
 * be separated), {@code flat} (one rigid camera move). {@code strength} scales the parallax
 * (1 = normal; "less depth" halves it, "more parallax" × 1.6).
 */
public record Depth(String mode, double strength) {
    public static final List<String> MODES = List.of("auto", "layers", "flat");
    public static final Depth AUTO = new Depth("auto", 1);

    public Depth {
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("depth must be one of " + MODES + ": " + mode);
        }
        strength = Math.max(0.2, Math.min(3, strength));
    }

    public boolean flat() {
        return mode.equals("flat");
    }

    public Depth withMode(String m) {
        return new Depth(m, strength);
    }

    public Depth withStrength(double s) {
        return new Depth(mode, s);
    }
}
