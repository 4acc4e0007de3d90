package io.i2v.worker.cli;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import jdk.incubator.foreign.CLinker;
import jdk.incubator.foreign.FunctionDescriptor;

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
        if (ModuleLayer.boot().findModule("jdk.incubator.foreign").isPresent()) {
            try {
                // linked on every run, so the run that records the class-data archive puts the linker's classes in it
                MethodHandle exit = LibC.exit();
                if (Boolean.getBoolean(PROPERTY)) {
                    exit.invokeExact(code);
                }
            } catch (Throwable e) {
                // no native access here: the JVM's own way below
            }
        }
        Runtime.getRuntime().halt(code);
    }

    /** Loaded only when the foreign-function module is present. */
    private static final class LibC {
        /** {@code void _exit(int)}. */
        static MethodHandle exit() {
            return CLinker.getInstance()
                    .downcallHandle(
                            CLinker.systemLookup().lookup("_exit").orElseThrow(),
                            MethodType.methodType(void.class, int.class),
                            FunctionDescriptor.ofVoid(CLinker.C_INT));
        }
    }
}
