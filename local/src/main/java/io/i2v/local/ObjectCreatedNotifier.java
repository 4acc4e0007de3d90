package io.i2v.local;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * S3's event notifications for the embedded S3: a blob store that, once an object is created
 * (put, copy, completed multipart upload) under a watched prefix, hands the S3 event notification
 * JSON AWS would send (the {@code Records} document: bucket, URL-encoded key, size, ETag,
 * sequencer) to a sink, which sends it to a queue, as an S3 → SQS notification does on AWS.
 * The event is sent before the request is answered, so an acknowledged upload always has one.
 */
final class ObjectCreatedNotifier extends ForwardingBlobStore {
    /** One notification rule: objects in {@code bucket} whose key starts with {@code prefix}. */
    record Rule(String bucket, String prefix, String target) {}

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final AtomicLong sequencer = new AtomicLong(System.currentTimeMillis() * 1000);
    private final BiConsumer<String, String> sink;
    private final Object[] keyLocks =
            IntStream.range(0, 64).mapToObj(i -> new Object()).toArray();

    /** {@code sink}: (target, event JSON), e.g. a send to the queue named by the rule. */
    ObjectCreatedNotifier(BlobStore delegate, BiConsumer<String, String> sink) {
        super(delegate);
        this.sink = sink;
    }

    void add(Rule rule) {
        rules.add(rule);
    }

    /**
     * S3Proxy checks {@code If-Match} / {@code If-None-Match} before it stores, in a separate step,
     * so two conditional PUTs of one key can both pass; AWS decides atomically. Under a lock per
     * key (striped) the check and the write of a conditional PUT are one step here, as on AWS.
     */
    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream input) {
        PutObjectResponse response;
        if (request.ifMatch() == null && request.ifNoneMatch() == null) {
            response = super.putBlob(request, input);
        } else {
            synchronized (
                    keyLocks[Math.floorMod((request.bucket() + "/" + request.key()).hashCode(), keyLocks.length)]) {
                checkCondition(request);
                response = super.putBlob(request, input);
            }
        }
        created(request.bucket(), request.key(), "ObjectCreated:Put");
        return response;
    }

    private void checkCondition(PutObjectRequest request) {
        HeadObjectResponse now = blobMetadataIfPresent(request.bucket(), request.key());
        String etag = now == null ? null : unquoted(now.eTag());
        boolean ok = request.ifNoneMatch() != null
                ? now == null
                : etag != null && ("*".equals(request.ifMatch()) || etag.equals(unquoted(request.ifMatch())));
        if (!ok) {
            throw new S3ProxyException(S3ErrorCode.PRECONDITION_FAILED);
        }
    }

    private static String unquoted(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        CopyObjectResponse response = super.copyBlob(request);
        created(request.destinationBucket(), request.destinationKey(), "ObjectCreated:Copy");
        return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(
            MultipartUpload upload, CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
        created(upload.containerName(), upload.blobName(), "ObjectCreated:CompleteMultipartUpload");
        return response;
    }

    private void created(String bucket, String key, String eventName) {
        for (Rule rule : rules) {
            if (rule.bucket().equals(bucket) && key.startsWith(rule.prefix())) {
                HeadObjectResponse head = delegate().blobMetadata(bucket, key);
                sink.accept(rule.target(), event(bucket, key, eventName, head));
            }
        }
    }

    private String event(String bucket, String key, String eventName, HeadObjectResponse head) {
        String etag = head.eTag() == null ? "" : head.eTag().replace("\"", "");
        long size = head.contentLength() == null ? 0 : head.contentLength();
        // keys are URL-encoded in S3 events (a space is "+"), slashes kept
        String encodedKey = URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
        return """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":%s,"eventTime":%s,\
                "eventName":%s,"userIdentity":{"principalId":"local"},\
                "requestParameters":{"sourceIPAddress":"127.0.0.1"},\
                "responseElements":{"x-amz-request-id":%s,"x-amz-id-2":"local"},\
                "s3":{"s3SchemaVersion":"1.0","configurationId":"local-notification",\
                "bucket":{"name":%s,"ownerIdentity":{"principalId":"local"},"arn":%s},\
                "object":{"key":%s,"size":%d,"eTag":%s,"sequencer":%s}}}]}""".formatted(
                        quote(EmbeddedAws.REGION),
                        quote(Instant.now().toString()),
                        quote(eventName),
                        quote(Long.toHexString(sequencer.get())),
                        quote(bucket),
                        quote("arn:aws:s3:::" + bucket),
                        quote(encodedKey),
                        size,
                        quote(etag),
                        quote(Long.toHexString(sequencer.incrementAndGet())));
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
