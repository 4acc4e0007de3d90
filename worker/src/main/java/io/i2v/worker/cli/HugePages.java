package io.i2v.worker.cli;

/**
 * Turns transparent huge pages off for this process ({@code prctl(PR_SET_THP_DISABLE)}), unless
 * {@value #KEEP} is set. x264 asks for huge pages for its frame buffers (about 270 MB in 2 MB
 * pages for a 1080p render): on this project's machines (2-core virtual machines) the kernel's
 * zeroing of those fresh pages made a 10-second 1080p {@code ./i2v animate} spend 1.44 s of system
 * CPU, against 0.85 s with 4 KB pages, and take 10.05 s instead of 9.49 s (medians of 7 alternating
 * pairs; user CPU the same). The ffmpeg one-liner pays the same cost. Needs the foreign-function
 * module and native access, which {@code ./i2v} turns on for {@code animate} and {@code serve}
 * (not the container, whose JDK 21 has no incubating foreign module); without them, or off Linux,
 * nothing changes.
 */
final class HugePages {
    /** Outside the {@code i2v.} configuration names, which Quarkus checks against its mappings. */
    static final String KEEP = "i2v-cli.huge-pages";

    private static final int PR_SET_THP_DISABLE = 41;

    private HugePages() {}

    /** @return whether they are now off */
    static boolean turnOff() {
        if (Boolean.getBoolean(KEEP) || !NativeCalls.available()) {
            return false;
        }
        try {
            int result = (int) NativeCalls.LibC.prctl().invokeExact(PR_SET_THP_DISABLE, 1L, 0L, 0L, 0L);
            return result == 0;
        } catch (Throwable e) {
            return false; // no native access, or not Linux: as it was
        }
    }
}
