package io.i2v.worker.plan;

/**
 * The job's audio file as background music: trimmed or looped to the video, at
 * {@code volumePercent}, fading out over the last {@code fadeOutSeconds}.
 */
public record Music(String name, int volumePercent, double fadeOutSeconds) {}
