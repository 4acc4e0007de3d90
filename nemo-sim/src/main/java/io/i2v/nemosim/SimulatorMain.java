package io.i2v.nemosim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs the simulator on its own (the cloud benchmark starts it in a separate JVM so the worker's
 * figures are the worker's alone). Prints its URL on the first line, then serves until killed.
 * Options: {@code --port N --event-gap-ms N --heartbeats N --token T --polls N}.
 */
public final class SimulatorMain {
    private SimulatorMain() {}

    public static void main(String[] args) throws Exception {
        int port = 0;
        long gap = 1000;
        int heartbeats = 0;
        int polls = 2;
        String token = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--event-gap-ms" -> gap = Long.parseLong(args[++i]);
                case "--heartbeats" -> heartbeats = Integer.parseInt(args[++i]);
                case "--token" -> token = args[++i];
                case "--polls" -> polls = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path dir = Files.createTempDirectory("nemo-sim");
        NemoSimulator sim = NemoSimulator.start(dir, false, port);
        sim.script()
                .eventGap(Duration.ofMillis(gap))
                .extraHeartbeats(heartbeats)
                .rendersPollsToComplete(polls);
        if (token != null) {
            sim.registerToken(token, Integer.MAX_VALUE);
        }
        System.out.println(sim.url());
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close));
        Thread.currentThread().join();
    }
}
