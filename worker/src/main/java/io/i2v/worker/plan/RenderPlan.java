package io.i2v.worker.plan;

import io.i2v.core.job.Interpretation;
import io.i2v.worker.render.CameraPath;

/** What the local renderer will make: output geometry and timing, the camera move, and what was understood. */
public record RenderPlan(int width, int height, int fps, double durationSeconds, String motion, CameraPath camera,
                         Interpretation interpretation) {

    public int frameCount() {
        return (int) Math.round(durationSeconds * fps);
    }

    /** The one-line timeline summary shown in the job status. */
    public String timeline(String imageName) {
        return "Timeline (1 track): 1. Video: " + imageName + " (0-" + seconds(durationSeconds) + "s, " + motion + ")";
    }

    private static String seconds(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }
}
