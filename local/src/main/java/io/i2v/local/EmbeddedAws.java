package io.i2v.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Protocol-real stand-ins for AWS on loopback: ElasticMQ speaks SQS, S3Proxy speaks S3 and
 * keeps objects as files under {@code dir/s3}, so S3 state survives restarts. Clients talk to
 * them with the ordinary AWS SDK; nothing in the code path knows it is local.
 */
public final class EmbeddedAws implements AutoCloseable {
    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local-secret";
    public static final String REGION = "us-east-1";

    /**
     * The web studio (a page on a loopback port) PUTs to presigned upload URLs and reads results
     * from here; presigned requests carry their own authorisation, so CORS only lets such pages use them.
     */
    private static final CrossOriginResourceSharing LOOPBACK_PAGES = new CrossOriginResourceSharing(
            List.of("https?://(127\\.0\\.0\\.1|localhost)(:[0-9]+)?"), List.of("GET", "HEAD", "PUT"),
            List.of("*"), List.of("ETag", "Content-Length"), "false");

    private final SQSRestServer sqsServer;
    private final S3Proxy s3Proxy;
    private final URI sqsEndpoint;
    private final URI s3Endpoint;

    private EmbeddedAws(SQSRestServer sqsServer, URI sqsEndpoint, S3Proxy s3Proxy, URI s3Endpoint) {
        this.sqsServer = sqsServer;
        this.sqsEndpoint = sqsEndpoint;
        this.s3Proxy = s3Proxy;
        this.s3Endpoint = s3Endpoint;
    }

    /** Starts both servers on free loopback ports, with S3 data under {@code dir}. */
    public static EmbeddedAws start(Path dir) {
        try {
            Path s3Dir = dir.resolve("s3");
            Files.createDirectories(s3Dir);
            SQSRestServer sqs = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
            int sqsPort = sqs.waitUntilStarted().localAddress().getPort();
            S3Proxy s3 = S3Proxy.builder()
                    .blobStore(new FilesystemNio2BlobStore(s3Dir.toAbsolutePath().toString()))
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .corsRules(LOOPBACK_PAGES)
                    .build();
            s3.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"STARTED".equals(s3.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3 server did not start in 30 s");
                }
                Thread.sleep(5);
            }
            return new EmbeddedAws(sqs, URI.create("http://127.0.0.1:" + sqsPort), s3,
                    URI.create("http://127.0.0.1:" + s3.getPort()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("embedded AWS servers did not start: " + e.getMessage(), e);
        }
    }

    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    public URI s3Endpoint() {
        return s3Endpoint;
    }

    public S3Client s3Client() {
        return S3Client.builder().endpointOverride(s3Endpoint).forcePathStyle(true).region(Region.of(REGION))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    public SqsClient sqsClient() {
        return SqsClient.builder().endpointOverride(sqsEndpoint).region(Region.of(REGION))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
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
     * Creates {@code name} with a dead-letter queue {@code name-dlq} that receives a message
     * after {@code maxReceives} deliveries. Returns the queue URL.
     */
    public String createQueue(String name, int visibilitySeconds, int maxReceives) {
        try (SqsClient sqs = sqsClient()) {
            String dlqUrl = sqs.createQueue(b -> b.queueName(name + "-dlq")).queueUrl();
            String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            String redrive = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceives + "\"}";
            return sqs.createQueue(b -> b.queueName(name).attributes(Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilitySeconds),
                    QueueAttributeName.REDRIVE_POLICY, redrive))).queueUrl();
        }
    }

    @Override
    public void close() {
        try {
            s3Proxy.stop();
        } catch (Exception e) {
            // stopping on shutdown; nothing left to protect
        }
        sqsServer.stopAndWait();
    }
}
