package io.i2v.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import scala.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * Protocol-real stand-ins for AWS on loopback: ElasticMQ speaks SQS, S3Proxy speaks S3 and
 * keeps objects as files under {@code dir/s3}, so S3 state survives restarts. With durable
 * queues, ElasticMQ also keeps its queues and every message (waiting, in flight, delayed) in an
 * H2 database under {@code dir/sqs}, written before a request is answered, so a restart, even
 * after {@code kill -9}, finds them again. Clients talk to both with the ordinary AWS SDK;
 * nothing in the code path knows it is local.
 */
public final class EmbeddedAws implements AutoCloseable {
    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local-secret";
    public static final String REGION = "us-east-1";
    /** How SQS names a FIFO queue. */
    private static final String FIFO = ".fifo";
    /** The ports {@code ./i2v serve} uses unless told otherwise (MinIO's and ElasticMQ's usual ones). */
    public static final int DEFAULT_S3_PORT = 9000;
    public static final int DEFAULT_SQS_PORT = 9324;

    /**
     * The web studio (a page on a loopback port) PUTs to presigned upload URLs and reads results
     * from here; presigned requests carry their own authorisation, so CORS only lets such pages use them.
     */
    private static final CrossOriginResourceSharing LOOPBACK_PAGES = new CrossOriginResourceSharing(
            List.of("https?://(127\\.0\\.0\\.1|localhost)(:[0-9]+)?"), List.of("GET", "HEAD", "PUT"),
            List.of("*"), List.of("ETag", "Content-Length"), "false");

    /**
     * Ports (0: a free one), whether queues and messages are kept on disk, and which durable
     * queues have their in-flight messages made visible at start: a queue only this process
     * consumes, whose in-flight messages at start can only belong to a consumer that died.
     */
    public record Options(int s3Port, int sqsPort, boolean durableQueues, List<String> releaseInFlight) {
        public Options {
            releaseInFlight = List.copyOf(releaseInFlight);
        }

        /** Free ports, queues in memory: tests and throwaway runs. */
        public static Options ephemeral() {
            return new Options(0, 0, false, List.of());
        }
    }

    // ElasticMQ's SQL persistence opens one JDBC pool per JVM (a scalikejdbc singleton)
    private static Path durableDirInThisJvm;

    private final SQSRestServer sqsServer;
    private final ActorSystem actorSystem;
    private final S3Proxy s3Proxy;
    private final ObjectCreatedNotifier notifier;
    private final URI sqsEndpoint;
    private final URI s3Endpoint;
    private final SqsClient notificationSender;

    private EmbeddedAws(SQSRestServer sqsServer, ActorSystem actorSystem, URI sqsEndpoint, S3Proxy s3Proxy,
                        ObjectCreatedNotifier notifier, URI s3Endpoint, SqsClient notificationSender) {
        this.sqsServer = sqsServer;
        this.actorSystem = actorSystem;
        this.sqsEndpoint = sqsEndpoint;
        this.s3Proxy = s3Proxy;
        this.notifier = notifier;
        this.s3Endpoint = s3Endpoint;
        this.notificationSender = notificationSender;
    }

    /** Starts both servers on free loopback ports, queues in memory, S3 data under {@code dir}. */
    public static EmbeddedAws start(Path dir) {
        return start(dir, Options.ephemeral());
    }

    public static EmbeddedAws start(Path dir, Options options) {
        SqsStart sqs = null;
        try {
            Path s3Dir = dir.resolve("s3");
            Files.createDirectories(s3Dir);
            sqs = options.durableQueues() ? durableSqs(dir.resolve("sqs"), options.sqsPort(), options.releaseInFlight())
                    : new SqsStart(builder(options.sqsPort()).start(), null);
            int sqsPort = waitForSqs(sqs.server(), options.sqsPort());
            URI sqsEndpoint = URI.create("http://127.0.0.1:" + sqsPort);
            SqsStart started = sqs;
            // notifications go out through the SQS endpoint, like any other client's messages
            SqsClient sender = client(sqsEndpoint);
            ObjectCreatedNotifier notifier = new ObjectCreatedNotifier(
                    new FilesystemNio2BlobStore(s3Dir.toAbsolutePath().toString()), (queue, event) -> sender.sendMessage(
                            b -> b.queueUrl(sender.getQueueUrl(q -> q.queueName(queue)).queueUrl()).messageBody(event)));
            S3Proxy s3 = S3Proxy.builder()
                    .blobStore(notifier)
                    .endpoint(URI.create("http://127.0.0.1:" + options.s3Port()))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .corsRules(LOOPBACK_PAGES)
                    // on close, requests still in flight get a second to finish (not S3Proxy's 30 s): every one
                    // of them comes from this machine, and the process is going away
                    .stopTimeout(1000)
                    .build();
            try {
                s3.start();
            } catch (Exception e) {
                throw portTaken("S3", options.s3Port(), "--s3-port", e);
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"STARTED".equals(s3.getState())) {
                if (System.nanoTime() > deadline || "FAILED".equals(s3.getState())) {
                    throw portTaken("S3", options.s3Port(), "--s3-port",
                            new IllegalStateException("S3 server did not start (state " + s3.getState() + ")"));
                }
                Thread.sleep(5);
            }
            return new EmbeddedAws(started.server(), started.actorSystem(), sqsEndpoint, s3, notifier,
                    URI.create("http://127.0.0.1:" + s3.getPort()), sender);
        } catch (IOException e) {
            stopQuietly(sqs);
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            stopQuietly(sqs);
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (IllegalStateException e) {
            stopQuietly(sqs);
            throw e;
        } catch (Exception e) {
            stopQuietly(sqs);
            throw new IllegalStateException("embedded AWS servers did not start: " + e.getMessage(), e);
        }
    }

    private record SqsStart(SQSRestServer server, ActorSystem actorSystem) {
    }

    private static TheSQSRestServerBuilder builder(int port) {
        TheSQSRestServerBuilder b = SQSRestServerBuilder.withInterface("127.0.0.1");
        return port == 0 ? b.withDynamicPort() : b.withPort(port);
    }

    private static int waitForSqs(SQSRestServer server, int requested) {
        try {
            return server.waitUntilStarted().localAddress().getPort();
        } catch (Exception e) {
            throw portTaken("SQS", requested, "--sqs-port", e);
        }
    }

    private static IllegalStateException portTaken(String what, int port, String option, Exception cause) {
        boolean bind = false;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            bind |= t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use");
        }
        String message = bind && port != 0
                ? what + " port " + port + " on 127.0.0.1 is in use (another ./i2v serve?); choose one with "
                        + option + " N, or " + option + " 0 for a free port"
                : what + " server did not start: " + cause.getMessage();
        return new IllegalStateException(message, cause);
    }

    /** ElasticMQ wired the way its own server does with {@code messages-storage} on, and restored before use. */
    private static SqsStart durableSqs(Path dir, int port, List<String> releaseInFlight) throws Exception {
        Path abs = dir.toAbsolutePath().normalize();
        synchronized (EmbeddedAws.class) {
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
                scala.jdk.javaapi.CollectionConverters.asScala(List.<CreateQueueMetadata>of()).toList();
        ActorSystem system = ActorSystem.create("elasticmq");
        try {
            ActorRef persister = system.actorOf(Props.create(DurableQueueStore.class,
                    () -> new DurableQueueStore(store, noBaseQueues)));
            ActorRef queues = system.actorOf(Props.create(QueueManagerActor.class,
                    () -> new QueueManagerActor(new NowProvider(), StrictSQSLimits$.MODULE$, Option.apply(persister))));
            SQSRestServer server = builder(port).withActorSystem(system).withQueueManagerActor(queues)
                    .withQueueEventListener(persister).start();
            Object restored = Patterns.ask(persister, new QueueEvent.Restore(queues), Duration.ofSeconds(60))
                    .toCompletableFuture().get(60, TimeUnit.SECONDS);
            if (restored instanceof scala.util.Left<?, ?> errors) {
                server.stopAndWait();
                throw new IllegalStateException("stored queues could not be restored: " + errors.value());
            }
            return new SqsStart(server, system);
        } catch (Exception e) {
            system.terminate();
            throw e;
        }
    }

    /**
     * Before ElasticMQ restores them: messages of these queues that were received and not yet
     * deleted become visible now instead of when their visibility timeout ends. The table naming
     * is ElasticMQ's ({@code MessageRepository}); a queue without a table yet is skipped.
     */
    private static void releaseInFlight(String url, List<String> queues) throws java.sql.SQLException {
        if (queues.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        try {
            Class.forName("org.h2.Driver");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("H2, which durable queues need, is not on the class path", e);
        }
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(url, "", "")) {
            for (String queue : queues) {
                String table = "message_" + queue.replace(".", "_").replace("-", "_") + "_"
                        + Integer.toHexString(queue.hashCode());
                try (java.sql.PreparedStatement update = db.prepareStatement("update " + table
                        + " set next_delivery = ? where receive_count > 0 and next_delivery > ?")) {
                    update.setLong(1, now);
                    update.setLong(2, now);
                    update.executeUpdate();
                } catch (java.sql.SQLException noTableYet) {
                    // first start: ElasticMQ creates the table when the queue is created
                }
            }
        }
    }

    private static void stopQuietly(SqsStart sqs) {
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

    private static SqsClient client(URI endpoint) {
        return SqsClient.builder().endpointOverride(endpoint).region(Region.of(REGION))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    public URI s3Endpoint() {
        return s3Endpoint;
    }

    /** A client of the embedded S3, with {@code interceptors} (e.g. the production client's own). */
    public S3Client s3Client(ExecutionInterceptor... interceptors) {
        return S3Client.builder().endpointOverride(s3Endpoint).forcePathStyle(true).region(Region.of(REGION))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> Arrays.stream(interceptors).forEach(o::addExecutionInterceptor))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    public SqsClient sqsClient() {
        return client(sqsEndpoint);
    }

    /** Creates the bucket if it does not exist yet. */
    public void createBucket(String bucket) {
        try (S3Client s3 = s3Client()) {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException e) {
            // exists from an earlier run: state under dir survives restarts
        } catch (S3Exception e) {
            if (e.statusCode() != 409) {
                throw e;
            }
        }
    }

    /**
     * Like an S3 bucket notification to SQS: every object created in {@code bucket} under
     * {@code prefix} sends an S3 event notification ({@code Records} JSON) to {@code queue}.
     */
    public void notifyObjectCreated(String bucket, String prefix, String queue) {
        notifier.add(new ObjectCreatedNotifier.Rule(bucket, prefix, queue));
    }

    /**
     * Creates {@code name} with a dead-letter queue {@code name-dlq} that receives a message
     * after {@code maxReceives} deliveries (or brings an existing one to these settings). A name
     * ending {@code .fifo} makes a FIFO queue (deduplicated by the sender's id) with a FIFO
     * dead-letter queue {@code <base>-dlq.fifo}. Returns the queue URL.
     */
    public String createQueue(String name, int visibilitySeconds, int maxReceives) {
        boolean fifo = name.endsWith(FIFO);
        String base = fifo ? name.substring(0, name.length() - FIFO.length()) : name;
        Map<QueueAttributeName, String> kind = fifo ? Map.of(QueueAttributeName.FIFO_QUEUE, "true") : Map.of();
        try (SqsClient sqs = sqsClient()) {
            String dlqUrl = create(sqs, base + "-dlq" + (fifo ? FIFO : ""), kind);
            String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            String redrive = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceives + "\"}";
            Map<QueueAttributeName, String> attributes = Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilitySeconds),
                    QueueAttributeName.REDRIVE_POLICY, redrive);
            Map<QueueAttributeName, String> all = new HashMap<>(attributes);
            all.putAll(kind);
            String url = create(sqs, name, all);
            // a durable queue kept from an earlier run keeps its messages and takes today's settings
            sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(attributes));
            return url;
        }
    }

    private static String create(SqsClient sqs, String name, Map<QueueAttributeName, String> attributes) {
        try {
            return sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
        } catch (QueueNameExistsException e) {
            return sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
        }
    }

    @Override
    public void close() {
        try {
            s3Proxy.stop();
        } catch (Exception e) {
            // stopping on shutdown; nothing left to protect
        }
        notificationSender.close();
        sqsServer.stopAndWait();
        if (actorSystem != null) {
            actorSystem.terminate();
            try {
                actorSystem.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // stopping anyway
            }
        }
    }
}
