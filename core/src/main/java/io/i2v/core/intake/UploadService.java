package io.i2v.core.intake;

import io.i2v.core.config.I2vConfig;
import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.storage.ObjectStore;
import io.i2v.core.storage.S3Keys;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Presigned PUTs, so large images go straight to S3 instead of through the 6 MB function payload. */
@ApplicationScoped
public class UploadService {
    private final ObjectStore store;
    private final I2vConfig.Intake limits;
    private final Clock clock;

    public UploadService(ObjectStore store, I2vConfig config, Clock clock) {
        this.store = store;
        this.limits = config.intake();
        this.clock = clock;
    }

    public UploadTicket create(UploadRequest request) {
        if (request == null) {
            throw new I2vException(ErrorCode.INVALID_REQUEST, "request body is empty");
        }
        if (request.size() != null && request.size() > limits.maxFileBytes()) {
            throw new I2vException(
                    ErrorCode.FILE_TOO_LARGE,
                    "image is " + request.size() + " bytes; the limit is " + limits.maxFileBytes() + " bytes");
        }
        if (request.size() != null && request.size() <= 0) {
            throw new I2vException(ErrorCode.INVALID_REQUEST, "size must be positive");
        }
        String contentType =
                request.contentType() == null || request.contentType().isBlank()
                        ? "application/octet-stream"
                        : request.contentType();
        String key = S3Keys.upload(UUID.randomUUID(), request.filename());
        String url = store.presignPut(key, contentType, limits.presignTtl()).toString();
        return new UploadTicket(
                key,
                url,
                "PUT",
                Map.of("Content-Type", contentType),
                clock.instant().plus(limits.presignTtl()),
                limits.maxFileBytes());
    }

    public record UploadRequest(String filename, String contentType, Long size) {}

    public record UploadTicket(
            String key,
            String uploadUrl,
            String method,
            Map<String, String> headers,
            Instant expiresAt,
            long maxBytes) {}
}
