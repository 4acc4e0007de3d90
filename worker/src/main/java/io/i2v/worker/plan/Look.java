package io.i2v.worker.plan;

/** Picture treatment: 2.39:1 letterbox bars and the subtle "cinematic" grade (see README). */
public record Look(boolean letterbox, boolean grade) {
    public static final Look PLAIN = new Look(false, false);
}
