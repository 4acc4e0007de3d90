package io.i2v.worker.local;

import io.i2v.local.EmbeddedAws;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The embedded S3 and SQS servers started from {@code main}, on their own thread, while Quarkus
 * boots on the main one (both are mostly class loading, and this machine has two cores);
 * {@link EmbeddedAwsServers} takes them if they were started for the same folder and options, and
 * starts its own otherwise. Only {@code ./i2v animate} on the local stack starts them early.
 */
public final class EarlyStart {
    private record Pending(Path dir, EmbeddedAws.Options options, CompletableFuture<EmbeddedAws> aws, long began) {}

    /** Servers started early, and when their start began ({@link System#nanoTime()}). */
    record Started(EmbeddedAws aws, long began) {}

    private static volatile Pending pending;

    private EarlyStart() {}

    /** Starts the servers in the background; a failure is seen by whoever takes them. */
    public static void begin(Path dir, EmbeddedAws.Options options) {
        CompletableFuture<EmbeddedAws> aws = new CompletableFuture<>();
        Path abs = dir.toAbsolutePath();
        Thread t = new Thread(
                () -> {
                    try {
                        aws.complete(EmbeddedAws.start(abs, options));
                    } catch (Throwable e) {
                        aws.completeExceptionally(e);
                    }
                },
                "i2v-embedded-aws-start");
        t.setDaemon(true);
        pending = new Pending(abs, options, aws, System.nanoTime());
        t.start();
    }

    /** The servers started early for {@code dir} and {@code options}, waiting for them if need be; once only. */
    static Optional<Started> take(Path dir, EmbeddedAws.Options options) {
        Pending p = pending;
        pending = null;
        if (p == null) {
            return Optional.empty();
        }
        EmbeddedAws aws;
        try {
            aws = p.aws().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        if (!p.dir().equals(dir.toAbsolutePath()) || !p.options().equals(options)) {
            aws.close(); // started for something else: not this stack's
            return Optional.empty();
        }
        return Optional.of(new Started(aws, p.began()));
    }
}
