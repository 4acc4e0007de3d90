package io.i2v.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.CreateQueueMetadata;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;
import scala.util.Left;

/**
 * ElasticMQ, speaking SQS on loopback: its queues in memory, or durable, kept with every message in
 * an H2 database under a directory. The actor system is this code's own only for durable queues
 * (null otherwise): it runs the store and the queue manager, and stops with the server.
 */
record ElasticMq(SQSRestServer server, ActorSystem actorSystem) {
    // ElasticMQ's SQL persistence opens one JDBC pool per JVM (a scalikejdbc singleton)
    private static Path durableDirInThisJvm;

    /** Queues in memory, on {@code port} (0: a free one). */
    static ElasticMq inMemory(int port) {
        return new ElasticMq(builder(port).start(), null);
    }

    /** ElasticMQ wired the way its own server does with {@code messages-storage} on, and restored before use. */
    static ElasticMq durable(Path dir, int port, List<String> releaseInFlight) throws Exception {
        Path abs = dir.toAbsolutePath().normalize();
        synchronized (ElasticMq.class) {
            if (durableDirInThisJvm != null && !durableDirInThisJvm.equals(abs)) {
                throw new IllegalStateException("durable queues are already kept in " + durableDirInThisJvm
                        + " by this JVM; ElasticMQ keeps one store per JVM");
            }
            durableDirInThisJvm = abs;
        }
        Files.createDirectories(abs);
        // WRITE_DELAY=0: each change is on disk before ElasticMQ answers, so kill -9 loses nothing acknowledged
        String url = "jdbc:h2:file:" + abs.resolve("queues") + ";WRITE_DELAY=0";
        releaseInFlight(url, releaseInFlight);
        SqlQueuePersistenceConfig store = new SqlQueuePersistenceConfig(true, "org.h2.Driver", url, "", "", false);
        scala.collection.immutable.List<CreateQueueMetadata> noBaseQueues =
                CollectionConverters.asScala(List.<CreateQueueMetadata>of()).toList();
        ActorSystem system = ActorSystem.create("elasticmq");
        try {
            ActorRef persister = system.actorOf(
                    Props.create(DurableQueueStore.class, () -> new DurableQueueStore(store, noBaseQueues)));
            ActorRef queues = system.actorOf(Props.create(
                    QueueManagerActor.class,
                    () -> new QueueManagerActor(new NowProvider(), StrictSQSLimits$.MODULE$, Option.apply(persister))));
            SQSRestServer server = builder(port)
                    .withActorSystem(system)
                    .withQueueManagerActor(queues)
                    .withQueueEventListener(persister)
                    .start();
            Object restored = Patterns.ask(persister, new QueueEvent.Restore(queues), Duration.ofSeconds(60))
                    .toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            if (restored instanceof Left<?, ?> errors) {
                server.stopAndWait();
                throw new IllegalStateException("stored queues could not be restored: " + errors.value());
            }
            return new ElasticMq(server, system);
        } catch (Exception e) {
            system.terminate();
            throw e;
        }
    }

    private static TheSQSRestServerBuilder builder(int port) {
        TheSQSRestServerBuilder b = SQSRestServerBuilder.withInterface("127.0.0.1");
        return port == 0 ? b.withDynamicPort() : b.withPort(port);
    }

    /**
     * Before ElasticMQ restores them: messages of these queues that were received and not yet
     * deleted become visible now instead of when their visibility timeout ends. The table naming
     * is ElasticMQ's ({@code MessageRepository}); a queue without a table yet is skipped.
     */
    private static void releaseInFlight(String url, List<String> queues) throws SQLException {
        if (queues.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        try {
            Class.forName("org.h2.Driver");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("H2, which durable queues need, is not on the class path", e);
        }
        try (Connection db = DriverManager.getConnection(url, "", "")) {
            for (String queue : queues) {
                String table = "message_" + queue.replace(".", "_").replace("-", "_") + "_"
                        + Integer.toHexString(queue.hashCode());
                try (PreparedStatement update = db.prepareStatement(
                        "update " + table + " set next_delivery = ? where receive_count > 0 and next_delivery > ?")) {
                    update.setLong(1, now);
                    update.setLong(2, now);
                    update.executeUpdate();
                } catch (SQLException noTableYet) {
                    // first start: ElasticMQ creates the table when the queue is created
                }
            }
        }
    }

    static void stopQuietly(ElasticMq sqs) {
        if (sqs == null) {
            return;
        }
        try {
            sqs.server().stopAndWait();
        } catch (Exception e) {
            // it may never have bound
        }
        if (sqs.actorSystem() != null) {
            sqs.actorSystem().terminate();
        }
    }
}
