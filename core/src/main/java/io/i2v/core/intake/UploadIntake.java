package io.i2v.core.intake;

import io.i2v.core.error.I2vException;
import io.i2v.core.job.JobOptions;
import io.i2v.core.job.JobSource;
import io.i2v.core.job.JobStatus;
import io.i2v.core.storage.ObjectInfo;
import io.i2v.core.storage.ObjectStore;
import io.i2v.core.storage.S3Keys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Starts a job for an image that landed under {@code inbox/}. The instruction is the object's
 * {@code prompt} metadata (else the configured default); the job id derives from bucket, key
 * and version (or ETag), so a repeated event for the same object is the same job.
 */
@ApplicationScoped
public class UploadIntake {
    public static final String PROMPT_METADATA = "prompt";

    private final IntakeService intake;
    private final ObjectStore store;

    public UploadIntake(IntakeService intake, ObjectStore store) {
        this.intake = intake;
        this.store = store;
    }

    /** @return the job, or empty when the key is not an inbox image or the object is gone */
    public Optional<JobStatus> objectCreated(String bucket, String key, String versionOrEtag) {
        if (!key.startsWith(S3Keys.INBOX) || key.endsWith("/")) {
            return Optional.empty();
        }
        Optional<ObjectInfo> info = store.head(key);
        if (info.isEmpty()) {
            return Optional.empty(); // deleted before we saw it; nothing to do
        }
        String version = versionOrEtag != null && !versionOrEtag.isBlank()
                ? versionOrEtag
                : info.get().version();
        String prompt = info.get().metadata().get(PROMPT_METADATA);
        IntakeCommand command = new IntakeCommand(
                JobSource.S3,
                prompt,
                List.of(new ImageSource.Stored(key)),
                JobOptions.none(),
                bucket + "/" + key + "@" + version,
                "s3:" + bucket,
                null,
                null);
        try {
            return Optional.of(intake.submit(command));
        } catch (I2vException e) {
            if (e.retryable()) {
                throw e;
            }
            return Optional.of(intake.reject(command, e));
        }
    }
}
