package io.i2v.worker.plan;

import io.i2v.core.job.JobOptions;
import io.i2v.worker.render.CameraPath;
import java.util.List;

/**
 * A camera move as asked for: its kind ("push in", "zoom out", "pan left", "pan right",
 * "tilt up", "tilt down", "dolly in", "drift", "sway", "static"), how strong (1 = normal;
 * slow/gentle &lt; 1, fast/dramatic &gt; 1) and its easing.
 */
public record Motion(String kind, double intensity, CameraPath.Easing easing) {
    /** The moves the renderer knows; the job contract owns the list (intake refuses others). */
    public static final List<String> KINDS = JobOptions.MOTIONS;

    public Motion withIntensity(double i) {
        return new Motion(kind, Math.max(0.2, Math.min(3, i)), easing);
    }

    public Motion withKind(String k) {
        return new Motion(k, intensity, easing);
    }

    public Motion withEasing(CameraPath.Easing e) {
        return new Motion(kind, intensity, e);
    }
}
