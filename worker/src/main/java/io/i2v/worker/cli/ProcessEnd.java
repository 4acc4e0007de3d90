package io.i2v.worker.cli;

import java.lang.invoke.MethodHandle;

/**
 * Ends this process at once with a status, for a command whose work is done and on disk. The
 * JVM's own end, even {@link Runtime#halt}, first waits up to 0.3 s for threads that are inside
 * native code (the servers' and the SDK's network threads always are); the C library's
 * {@code _exit} does not. It is used only where {@code ./i2v} allows it ({@value #PROPERTY}, with
 * the foreign-function module and native access on): never for the run that records the
 * class-data archive, which the JVM writes as it ends.
 */
final class ProcessEnd {
    /** Outside the {@code i2v.} configuration names, which Quarkus checks against its mappings. */
    static final String PROPERTY = "i2v-cli.immediate-exit";

    private ProcessEnd() {}

    static void now(int code) {
        System.out.flush();
        System.err.flush();
        if (NativeCalls.available()) {
            try {
                // linked on every run, so the run that records the class-data archive puts the linker's classes in it
                MethodHandle exit = NativeCalls.LibC.exit();
                if (Boolean.getBoolean(PROPERTY)) {
                    exit.invokeExact(code);
                }
            } catch (Throwable e) {
                // no native access here: the JVM's own way below
            }
        }
        Runtime.getRuntime().halt(code);
    }
}
