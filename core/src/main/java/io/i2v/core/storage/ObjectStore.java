package io.i2v.core.storage;

import static io.i2v.core.storage.S3Calls.retrying;
import static io.i2v.core.storage.S3Calls.unavailable;

import io.i2v.core.config.I2vConfig;
import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Our bucket, seen through the few operations the service needs. S3 failures become
 * {@code storage_unavailable} (retryable); a missing object is an empty Optional.
 */
@ApplicationScoped
public class ObjectStore {
    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;

    @Inject
    public ObjectStore(S3Client s3, S3Presigner presigner, I2vConfig config) {
        this(s3, presigner, config.storage().bucket());
    }

    /** The store of one bucket (tests and tools outside CDI). */
    public ObjectStore(S3Client s3, S3Presigner presigner, String bucket) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
    }

    /** The same operations on another bucket (results may live apart from inputs). */
    public ObjectStore forBucket(String other) {
        return other.equals(bucket) ? this : new ObjectStore(s3, presigner, other);
    }

    public String bucket() {
        return bucket;
    }

    public Optional<ObjectInfo> head(String key) {
        try {
            HeadObjectResponse r = retrying(
                    "head", key, () -> s3.headObject(b -> b.bucket(bucket).key(key)));
            String version = r.versionId() != null ? r.versionId() : r.eTag();
            return Optional.of(new ObjectInfo(key, r.contentLength(), r.contentType(), r.metadata(), version));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw unavailable("head", key, e);
        } catch (SdkException e) {
            throw unavailable("head", key, e);
        }
    }

    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(retrying(
                    "read",
                    key,
                    () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw unavailable("read", key, e);
        }
    }

    /** An object's bytes with its ETag, the token a conditional write names. */
    public record Versioned(byte[] bytes, String etag) {}

    public Optional<Versioned> getVersioned(String key) {
        try {
            var r = retrying(
                    "read", key, () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)));
            return Optional.of(new Versioned(r.asByteArray(), r.response().eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw unavailable("read", key, e);
        }
    }

    /**
     * A compare-and-set: writes only while the object's ETag is still {@code etag} ({@code If-Match}),
     * or, with a null {@code etag}, only if there is no object yet ({@code If-None-Match: *}).
     * Returns the new ETag, or empty when another write came first. A PUT whose answer was lost
     * and whose retry then failed the condition is told apart by reading back what is stored, so
     * the bytes of competing writers must differ (a timestamp or a token in them).
     */
    public Optional<String> putIf(String key, byte[] bytes, String contentType, String etag) {
        try {
            return Optional.of(retrying(
                    "write",
                    key,
                    () -> s3.putObject(
                                    b -> {
                                        b.bucket(bucket).key(key).contentType(contentType);
                                        if (etag == null) {
                                            b.ifNoneMatch("*");
                                        } else {
                                            b.ifMatch(etag);
                                        }
                                    },
                                    RequestBody.fromBytes(bytes))
                            .eTag()));
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return getVersioned(key)
                        .filter(v -> Arrays.equals(v.bytes(), bytes))
                        .map(Versioned::etag);
            }
            throw unavailable("write", key, e);
        } catch (SdkException e) {
            Optional<Versioned> now = getVersioned(key);
            if (now.isPresent() && Arrays.equals(now.get().bytes(), bytes)) {
                return Optional.of(now.get().etag());
            }
            if (Objects.equals(now.map(Versioned::etag).orElse(null), etag)) {
                throw unavailable("write", key, e); // nothing changed: the write did not happen
            }
            return Optional.empty();
        }
    }

    /** The first {@code length} bytes (or fewer, for a short object). */
    public byte[] firstBytes(String key, int length) {
        try {
            return retrying("read", key, () -> {
                try (ResponseInputStream<GetObjectResponse> in =
                        s3.getObject(b -> b.bucket(bucket).key(key).range("bytes=0-" + (length - 1)))) {
                    return in.readNBytes(length);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (NoSuchKeyException e) {
            throw new I2vException(ErrorCode.MISSING_IMAGE, "no object at " + key);
        } catch (SdkException e) {
            throw unavailable("read", key, e);
        }
    }

    public void download(String key, Path target) {
        try {
            retrying("download", key, () -> {
                try {
                    Files.deleteIfExists(target);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toFile(target));
            });
        } catch (NoSuchKeyException e) {
            throw new I2vException(ErrorCode.MISSING_IMAGE, "no object at " + key);
        } catch (SdkException e) {
            throw unavailable("download", key, e);
        }
    }

    public InputStream open(String key) {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new I2vException(ErrorCode.MISSING_IMAGE, "no object at " + key);
        } catch (SdkException e) {
            throw unavailable("read", key, e);
        }
    }

    public void put(String key, byte[] bytes, String contentType) {
        try {
            retrying(
                    "write",
                    key,
                    () -> s3.putObject(
                            b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(bytes)));
        } catch (SdkException e) {
            throw unavailable("write", key, e);
        }
    }

    public void put(String key, Path file, String contentType, Map<String, String> metadata) {
        try {
            retrying(
                    "write",
                    key,
                    () -> s3.putObject(
                            b -> b.bucket(bucket)
                                    .key(key)
                                    .contentType(contentType)
                                    .metadata(metadata),
                            RequestBody.fromFile(file)));
        } catch (SdkException e) {
            throw unavailable("write", key, e);
        }
    }

    public List<String> list(String prefix) {
        try {
            List<String> keys = new ArrayList<>();
            return retrying("list", prefix, () -> {
                keys.clear();
                for (var page : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))) {
                    page.contents().stream().map(S3Object::key).forEach(keys::add);
                }
                return keys;
            });
        } catch (SdkException e) {
            throw unavailable("list", prefix, e);
        }
    }

    /**
     * One ListObjectsV2 call: up to {@code maxKeys} keys under {@code prefix} in key order, after
     * {@code startAfter} (a full key; null for the first). The page is short only at the end.
     */
    public KeyPage listAfter(String prefix, String startAfter, int maxKeys) {
        try {
            var r = retrying(
                    "list",
                    prefix,
                    () -> s3.listObjectsV2(b -> b.bucket(bucket)
                            .prefix(prefix)
                            .startAfter(startAfter)
                            .maxKeys(maxKeys)));
            return new KeyPage(r.contents().stream().map(S3Object::key).toList(), Boolean.TRUE.equals(r.isTruncated()));
        } catch (SdkException e) {
            throw unavailable("list", prefix, e);
        }
    }

    /** Keys of one listing call; {@code truncated}: more follow the last one. */
    public record KeyPage(List<String> keys, boolean truncated) {}

    public void delete(List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        try {
            List<ObjectIdentifier> ids = keys.stream()
                    .map(k -> ObjectIdentifier.builder().key(k).build())
                    .toList();
            retrying(
                    "delete",
                    String.join(",", keys),
                    () -> s3.deleteObjects(b -> b.bucket(bucket)
                            .delete(Delete.builder().objects(ids).build())));
        } catch (SdkException e) {
            throw unavailable("delete", String.join(",", keys), e);
        }
    }

    public URL presignGet(String key, Duration ttl) {
        return presigner
                .presignGetObject(b -> b.signatureDuration(ttl)
                        .getObjectRequest(g -> g.bucket(bucket).key(key)))
                .url();
    }

    public URL presignPut(String key, String contentType, Duration ttl) {
        return presigner
                .presignPutObject(b -> b.signatureDuration(ttl)
                        .putObjectRequest(p -> p.bucket(bucket).key(key).contentType(contentType)))
                .url();
    }
}
