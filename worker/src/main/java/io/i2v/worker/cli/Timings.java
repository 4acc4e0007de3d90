package io.i2v.worker.cli;

import com.sun.management.OperatingSystemMXBean;
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
    /** {@code cpu}: CPU seconds this process had used when the phase ended (NaN when the mark came later). */
    private record Mark(String phase, Instant at, String note, double cpu) {}

    private final Instant jvmStart =
            Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
    private final List<Mark> marks = new ArrayList<>();

    Timings() {
        String launched = System.getenv("I2V_LAUNCHED_AT");
        if (launched != null && launched.matches("[0-9]{10,}")) {
            long ns = Long.parseLong(launched);
            marks.add(new Mark(
                    "./i2v started", Instant.ofEpochSecond(ns / 1_000_000_000L, ns % 1_000_000_000L), "", Double.NaN));
        }
        marks.add(new Mark("JVM started", jvmStart, "", 0));
    }

    /** The phase ends now. */
    void mark(String phase) {
        marks.add(new Mark(phase, Instant.now(), "", cpu()));
    }

    /** The phase ended now, with a note. */
    void mark(String phase, String note) {
        marks.add(new Mark(phase, Instant.now(), note, cpu()));
    }

    /** The phase ended {@code at}, earlier. */
    void markEarlier(String phase, Instant at, String note) {
        marks.add(new Mark(phase, at, note, Double.NaN));
    }

    private static double cpu() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /** The phases in the order they ended. */
    String report() {
        List<Mark> sorted = new ArrayList<>(marks);
        sorted.sort(Comparator.comparing(Mark::at));
        StringBuilder b = new StringBuilder("timings (wall seconds from JVM start, + since the line before; CPU "
                + "seconds this process had used)\n");
        Instant before = null;
        for (Mark m : sorted) {
            double at = Duration.between(jvmStart, m.at()).toNanos() / 1e9;
            b.append(String.format(
                    Locale.ROOT,
                    "  %-34s %6.2f  %s  %s%s%n",
                    m.phase(),
                    at,
                    before == null
                            ? "      "
                            : String.format(
                                    Locale.ROOT,
                                    "+%5.2f",
                                    Duration.between(before, m.at()).toNanos() / 1e9),
                    Double.isNaN(m.cpu()) ? "         " : String.format(Locale.ROOT, "cpu %5.2f", m.cpu()),
                    m.note().isEmpty() ? "" : "  (" + m.note() + ")"));
            before = m.at();
        }
        return b.toString();
    }
}
