package io.i2v.worker.cli;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import jdk.incubator.foreign.CLinker;
import jdk.incubator.foreign.FunctionDescriptor;

/**
 * The C library functions the command line calls through the JDK's incubating foreign-function
 * API ({@code ./i2v} adds the module and native access for {@code animate} and {@code serve}).
 * {@link #available} first: {@link LibC} is loaded only when the module is there.
 */
final class NativeCalls {
    private NativeCalls() {}

    static boolean available() {
        return ModuleLayer.boot().findModule("jdk.incubator.foreign").isPresent();
    }

    /** Linking throws where native access is not granted. */
    static final class LibC {
        private LibC() {}

        /** {@code void _exit(int)}. */
        static MethodHandle exit() {
            return CLinker.getInstance()
                    .downcallHandle(
                            CLinker.systemLookup().lookup("_exit").orElseThrow(),
                            MethodType.methodType(void.class, int.class),
                            FunctionDescriptor.ofVoid(CLinker.C_INT));
        }

        /** {@code int prctl(int option, ...)}, with four {@code unsigned long} arguments. */
        static MethodHandle prctl() {
            return CLinker.getInstance()
                    .downcallHandle(
                            CLinker.systemLookup().lookup("prctl").orElseThrow(),
                            MethodType.methodType(int.class, int.class, long.class, long.class, long.class, long.class),
                            FunctionDescriptor.of(
                                    CLinker.C_INT,
                                    CLinker.C_INT,
                                    CLinker.asVarArg(CLinker.C_LONG),
                                    CLinker.asVarArg(CLinker.C_LONG),
                                    CLinker.asVarArg(CLinker.C_LONG),
                                    CLinker.asVarArg(CLinker.C_LONG)));
        }
    }
}
