package io.i2v.worker.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a worker JVM started by another process (chaos runs, benchmarks, tests),
 * with the options the {@code i2v} launcher and the container give it: headless AWT, and the
 * Vector API module for the SIMD frame kernel.
 */
public final class WorkerJvm {
    public static final List<String> OPTIONS =
            List.of("-Djava.awt.headless=true", "--add-modules", "jdk.incubator.vector");

    /** The heap cap {@code ./i2v animate} and {@code ./i2v serve} run with (the script sets the same). */
    public static final String LAUNCHER_HEAP = "-Xmx1200m";

    private WorkerJvm() {}

    /** {@code java} of this JVM's runtime, the worker options, then {@code args}. */
    public static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(OPTIONS);
        command.addAll(args);
        return command;
    }
}
