package io.i2v.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsClient;

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
    /** The ports {@code ./i2v serve} uses unless told otherwise (MinIO's and ElasticMQ's usual ones). */
    public static final int DEFAULT_S3_PORT = 9000;

    public static final int DEFAULT_SQS_PORT = 9324;

    /**
     * The web studio (a page on a loopback port) PUTs to presigned upload URLs and reads results
     * from here; presigned requests carry their own authorisation, so CORS only lets such pages use them.
     */
    private static final CrossOriginResourceSharing LOOPBACK_PAGES = new CrossOriginResourceSharing(
            List.of("https?://(127\\.0\\.0\\.1|localhost)(:[0-9]+)?"),
            List.of("GET", "HEAD", "PUT"),
            List.of("*"),
            List.of("ETag", "Content-Length"),
            "false");

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

    private final SQSRestServer sqsServer;
    private final ActorSystem actorSystem;
    private final S3Proxy s3Proxy;
    private final ObjectCreatedNotifier notifier;
    private final URI sqsEndpoint;
    private final URI s3Endpoint;
    private final SqsClient notificationSender;

    private EmbeddedAws(
            SQSRestServer sqsServer,
            ActorSystem actorSystem,
            URI sqsEndpoint,
            S3Proxy s3Proxy,
            ObjectCreatedNotifier notifier,
            URI s3Endpoint,
            SqsClient notificationSender) {
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
        ElasticMq sqs = null;
        try {
            Path s3Dir = dir.resolve("s3");
            Files.createDirectories(s3Dir);
            sqs = options.durableQueues()
                    ? ElasticMq.durable(dir.resolve("sqs"), options.sqsPort(), options.releaseInFlight())
                    : ElasticMq.inMemory(options.sqsPort());
            int sqsPort = waitForSqs(sqs.server(), options.sqsPort());
            URI sqsEndpoint = URI.create("http://127.0.0.1:" + sqsPort);
            ElasticMq started = sqs;
            // notifications go out through the SQS endpoint, like any other client's messages
            SqsClient sender = client(sqsEndpoint);
            ObjectCreatedNotifier notifier = new ObjectCreatedNotifier(
                    new FilesystemNio2BlobStore(s3Dir.toAbsolutePath().toString()),
                    (queue, event) -> sender.sendMessage(b -> b.queueUrl(
                                    sender.getQueueUrl(q -> q.queueName(queue)).queueUrl())
                            .messageBody(event)));
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
                    throw portTaken(
                            "S3",
                            options.s3Port(),
                            "--s3-port",
                            new IllegalStateException("S3 server did not start (state " + s3.getState() + ")"));
                }
                Thread.sleep(5);
            }
            return new EmbeddedAws(
                    started.server(),
                    started.actorSystem(),
                    sqsEndpoint,
                    s3,
                    notifier,
                    URI.create("http://127.0.0.1:" + s3.getPort()),
                    sender);
        } catch (IOException e) {
            ElasticMq.stopQuietly(sqs);
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            ElasticMq.stopQuietly(sqs);
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (IllegalStateException e) {
            ElasticMq.stopQuietly(sqs);
            throw e;
        } catch (Exception e) {
            ElasticMq.stopQuietly(sqs);
            throw new IllegalStateException("embedded AWS servers did not start: " + e.getMessage(), e);
        }
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
                ? what + " port " + port + " on 127.0.0.1 is in use (another ./i2v serve?); choose one with " + option
                        + " N, or " + option + " 0 for a free port"
                : what + " server did not start: " + cause.getMessage();
        return new IllegalStateException(message, cause);
    }

    private static SqsClient client(URI endpoint) {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
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
        return S3Client.builder()
                .endpointOverride(s3Endpoint)
                .forcePathStyle(true)
                .region(Region.of(REGION))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> Arrays.stream(interceptors).forEach(o::addExecutionInterceptor))
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
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
        try (SqsClient sqs = sqsClient()) {
            return DeadLetterQueues.create(sqs, name, visibilitySeconds, maxReceives);
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
