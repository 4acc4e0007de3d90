package io.i2v.worker.cli;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code animate --timings}: when each phase of this run ended, counted from the JVM's start
 * (the {@code ./i2v} script's own start, before it, comes in {@code I2V_LAUNCHED_AT}, epoch
 * nanoseconds), each with the time since the phase before it.
 */
final class Timings {
    private record Mark(String phase, Instant at, String note) {
    }

    private final Instant jvmStart = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
    private final List<Mark> marks = new ArrayList<>();

    Timings() {
        String launched = System.getenv("I2V_LAUNCHED_AT");
        if (launched != null && launched.matches("[0-9]{10,}")) {
            long ns = Long.parseLong(launched);
            marks.add(new Mark("./i2v started", Instant.ofEpochSecond(ns / 1_000_000_000L, ns % 1_000_000_000L), ""));
        }
        marks.add(new Mark("JVM started", jvmStart, ""));
    }

    void mark(String phase) {
        mark(phase, Instant.now(), "");
    }

    void mark(String phase, Instant at, String note) {
        marks.add(new Mark(phase, at, note));
    }

    /** The phases in the order they ended. */
    String report() {
        List<Mark> sorted = new ArrayList<>(marks);
        sorted.sort(Comparator.comparing(Mark::at));
        StringBuilder b = new StringBuilder("timings (seconds from JVM start; + the time since the line before)\n");
        Instant before = null;
        for (Mark m : sorted) {
            double at = Duration.between(jvmStart, m.at()).toNanos() / 1e9;
            b.append(String.format(Locale.ROOT, "  %-34s %6.2f  %s%s%n", m.phase(), at, before == null ? "      "
                    : String.format(Locale.ROOT, "+%5.2f", Duration.between(before, m.at()).toNanos() / 1e9),
                    m.note().isEmpty() ? "" : "  (" + m.note() + ")"));
            before = m.at();
        }
        return b.toString();
    }
}
