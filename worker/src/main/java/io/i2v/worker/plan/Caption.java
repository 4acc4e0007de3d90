package io.i2v.worker.plan;

/**
 * Text over the video from {@code start} to {@code end} seconds, fading in and out over
 * {@code fade} seconds. {@code position}: "top", "center" or "bottom". A title is set larger.
 */
public record Caption(String text, boolean title, double start, double end, String position, double fade) {}
