package io.i2v.worker.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** What {@code i2v bench} reads off the clock, the process and the machine: wall and CPU time, load, peak RSS. */
final class Gauges {
    private static final double TICKS = 100; // USER_HZ: /proc's clock ticks per second on Linux

    private Gauges() {}

    static double secs(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    static long cpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** CPU seconds of this process's reaped children (Linux {@code /proc/self/stat} cutime + cstime). */
    static double childCpu() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICKS;
    }

    /** Starts VmHWM again from the current resident set (Linux: "5" to /proc/self/clear_refs), so each path has its own peak. */
    static void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | UnsupportedOperationException e) {
            // not Linux, or not allowed: the peak then covers everything before too
        }
    }

    /** VmHWM from /proc/self/status: the process's peak resident set. */
    static long peakRssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }
}
