package io.i2v.worker.cli;

import io.i2v.local.EmbeddedAws;
import io.i2v.worker.bench.BenchCommand;
import io.i2v.worker.bench.EndToEndBench;
import io.i2v.worker.consume.GracefulShutdown;
import io.i2v.worker.local.EarlyStart;
import io.i2v.worker.local.EmbeddedAwsServers;
import io.i2v.worker.local.LocalEndpoints;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.quarkus.vertx.http.HttpServer;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.logging.LogManager;

/**
 * Entry point of the worker jar. With no arguments it is the long-running worker; {@code serve}
 * and {@code animate} are the local-mode commands of {@code ./i2v}.
 */
@QuarkusMain
public class I2vMain implements QuarkusApplication {
    /** How long animate waits, after its job, for the worker to finish what it does after SUCCEEDED. */
    private static final Duration IDLE_WAIT = Duration.ofSeconds(5);

    @Inject
    HttpServer http;

    @Inject
    AnimateCommand animate;

    @Inject
    BenchCommand bench;

    @Inject
    EndToEndBench endToEnd;

    @Inject
    Instance<CloudBench> cloudBench;

    @Inject
    Instance<LocalEndpoints> localEndpoints;

    @Inject
    Instance<EmbeddedAwsServers> localStack;

    @Inject
    GracefulShutdown worker;

    /**
     * The JavaCPP builds this worker ships: FFmpeg's GPL build and the base OpenCV and OpenBLAS
     * ones, no CUDA. Without this, loading OpenCV first tries the {@code -gpu} build's CUDA
     * libraries, 24 failed loads (about 0.1 s of a start, measured on the face detector's load);
     * a build without an extension is still found after the {@code -gpl} one.
     */
    static final String JAVACPP_EXTENSION = "org.bytedeco.javacpp.platform.extension";

    public static void main(String... args) {
        if (System.getProperty(JAVACPP_EXTENSION) == null) {
            System.setProperty(JAVACPP_EXTENSION, "-gpl");
        }
        HugePages.turnOff();
        if (args.length > 0 && args[0].equals(BENCH)) {
            configureBench(args);
        } else if (args.length > 0) {
            try {
                CliArgs cli = CliArgs.parse(args);
                configure(cli);
            } catch (CliArgs.UsageException e) {
                System.err.println("i2v: " + e.getMessage());
                System.err.print(CliArgs.USAGE);
                System.exit(2);
            }
        }
        Quarkus.run(I2vMain.class, args);
    }

    static final String BENCH = "bench-cloud";

    /** {@code bench-cloud [--jobs N] [--timeout SECONDS]}: the cloud backend alone, no local servers, queue or API. */
    private static void configureBench(String... args) {
        int jobs = benchOption(args, "--jobs", 500);
        System.setProperty("quarkus.log.console.level", "WARN");
        System.setProperty("i2v.worker.backend", "nemo");
        System.setProperty("i2v.worker.local.enabled", "false");
        noConsumers();
        System.setProperty("quarkus.http.host-enabled", "false");
        System.setProperty("quarkus.log.category.\"io.smallrye.reactive.messaging\".level", "ERROR");
        System.setProperty("i2v.worker.nemo.max-in-flight", Integer.toString(jobs));
        if (System.getProperty("i2v.worker.nemo.poll-interval") == null) {
            System.setProperty("i2v.worker.nemo.poll-interval", "PT1S");
        }
    }

    private static int benchOption(String[] args, String name, int fallback) {
        for (int i = 1; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    /** This process only measures or calls a service: it takes nothing off any queue. */
    private static void noConsumers() {
        for (String channel : new String[] {"jobs", "dead-jobs", "webhooks"}) {
            System.setProperty("mp.messaging.incoming." + channel + ".enabled", "false");
        }
    }

    /** Settings that must be in place before the application starts. */
    private static void configure(CliArgs cli) {
        if (cli.command().equals("serve")) {
            System.setProperty("quarkus.http.port", Integer.toString(cli.port()));
            System.setProperty("i2v.worker.local.enabled", "true");
            // fixed, printed endpoints other tools are pointed at; queues on disk, so a restart loses nothing
            System.setProperty("i2v.worker.local.s3-port", Integer.toString(cli.s3Port()));
            System.setProperty("i2v.worker.local.sqs-port", Integer.toString(cli.sqsPort()));
            System.setProperty("i2v.worker.local.durable-queues", "true");
        } else if (cli.command().equals("bench") || cli.endpoint().isPresent()) {
            System.setProperty("quarkus.log.console.level", "WARN");
            // a remote service does the work: no local servers, no consumer, no API here
            System.setProperty("i2v.worker.local.enabled", "false");
            noConsumers();
            System.setProperty("quarkus.http.host-enabled", "false");
            System.setProperty("quarkus.log.category.\"io.smallrye.reactive.messaging\".level", "ERROR");
            System.setProperty("quarkus.log.category.\"io.micrometer\".level", "ERROR");
        } else {
            System.setProperty("quarkus.http.port", "0");
            // the command prints its own progress; service logs only when something is wrong
            System.setProperty("quarkus.log.console.level", "WARN");
            // Micrometer warns that Netty's gauges are registered twice: nothing a user can act on
            System.setProperty("quarkus.log.category.\"io.micrometer\".level", "ERROR");
            System.setProperty("i2v.worker.local.enabled", "true");
            // a private stack for this one job: free ports and queues in memory, so animate works while
            // ./i2v serve holds the fixed ports and the durable queues of the same state directory
            System.setProperty("i2v.worker.local.s3-port", "0");
            System.setProperty("i2v.worker.local.sqs-port", "0");
            System.setProperty("i2v.worker.local.durable-queues", "false");
            // its one job comes through the API: no S3 or intake-queue triggers to poll (and to wait for at exit)
            System.setProperty("i2v.worker.local.triggers", "false");
            // the dead-letter and webhook consumers poll briefly, so the local SQS closes without waiting out their
            // polls
            for (String channel : new String[] {"dead-jobs", "webhooks"}) {
                System.setProperty("mp.messaging.incoming." + channel + ".wait-time-seconds", "1");
            }
            // the servers start while Quarkus boots; the stack takes them (same folder, free ports, queues in memory)
            String dir = System.getProperty("i2v.worker.local.dir");
            if (dir != null) {
                // logging is set up here, on main, first: set up by two threads at once, the JBoss log manager's
                // class initialisation can deadlock
                LogManager.getLogManager();
                EarlyStart.begin(Path.of(dir), new EmbeddedAws.Options(0, 0, false, List.of()));
            }
        }
    }

    @Override
    public int run(String... args) throws Exception {
        Timings timings = new Timings();
        timings.mark("Quarkus booted");
        if (args.length == 0) {
            Quarkus.waitForExit();
            return 0;
        }
        if (args[0].equals(BENCH)) {
            return cloudBench.get().run(benchOption(args, "--jobs", 500), benchOption(args, "--timeout", 600));
        }
        CliArgs cli = CliArgs.parse(args);
        String base = "http://127.0.0.1:" + http.getPort();
        if (cli.command().equals("serve")) {
            System.out.print(localEndpoints.get().describe(base));
            Quarkus.waitForExit();
            return 0;
        }
        if (cli.command().equals("bench")) {
            Path photo = cli.images().isEmpty() ? null : cli.images().get(0);
            return cli.endToEnd()
                    ? endToEnd.run(photo, cli.megapixels(), cli.rounds())
                    : bench.run(photo, cli.megapixels(), cli.skipZoompan(), cli.rounds());
        }
        EmbeddedAwsServers stack = localStack.get();
        if (stack.enabled()) {
            timings.markEarlier(
                    "embedded S3/SQS up",
                    stack.upAt(),
                    String.format(Locale.ROOT, "took %.2f s", stack.startTook().toNanos() / 1e9));
        }
        int code;
        try {
            code = animate.run(cli.endpoint().orElse(base), cli, timings);
        } catch (IOException e) {
            System.err.println("i2v: " + e.getMessage());
            code = 1;
        }
        if (stack.enabled() && worker.awaitIdle(IDLE_WAIT)) {
            endNow(code);
        }
        return code;
    }

    /**
     * The end of {@code animate} on its private stack, once the video is written and the worker is idle:
     * the queues were in memory, the S3 data is on disk (each PUT answered after its file landed) and no
     * job runs, so the orderly stop of ElasticMQ, S3Proxy and Vert.x (about 1.4 s) would protect nothing.
     */
    private static void endNow(int code) {
        ProcessEnd.now(code);
    }
}
