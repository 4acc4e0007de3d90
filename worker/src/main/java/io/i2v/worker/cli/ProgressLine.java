package io.i2v.worker.cli;

import java.time.Duration;

/**
 * How {@code ./i2v animate} shows a job's progress: on a terminal one line redrawn in place
 * (state, stage, a bar, percent, elapsed and an estimate of the time left); otherwise one plain
 * line per change ("RUNNING rendering 40%"), as scripts and logs expect.
 */
final class ProgressLine {
    static final int BAR = 24;

    private ProgressLine() {}

    /** The plain line: {@code RUNNING rendering 40%}. */
    static String plain(String state, String stage, Integer progress) {
        return state + (stage != null ? " " + stage : "") + (progress != null ? " " + progress + "%" : "");
    }

    /**
     * The terminal line, e.g. {@code RUNNING rendering  [#########...............]  40%  0:12 elapsed, ~0:18 left}.
     * The time left extrapolates the progress made since the job started running; none before that.
     *
     * @param running how long the job has been running (null while queued)
     */
    static String bar(String state, String stage, Integer progress, Duration elapsed, Duration running) {
        int p = progress == null ? 0 : Math.max(0, Math.min(100, progress));
        int filled = p * BAR / 100;
        StringBuilder b = new StringBuilder(state);
        if (stage != null) {
            b.append(' ').append(stage);
        }
        b.append("  [")
                .append("#".repeat(filled))
                .append(".".repeat(BAR - filled))
                .append("] ")
                .append(String.format("%3d%%", p))
                .append("  ")
                .append(clock(elapsed))
                .append(" elapsed");
        if (running != null && p > 0 && p < 100) {
            long leftMillis = running.toMillis() * (100 - p) / p;
            b.append(", ~").append(clock(Duration.ofMillis(leftMillis))).append(" left");
        }
        return b.toString();
    }

    static String clock(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 3600
                ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
