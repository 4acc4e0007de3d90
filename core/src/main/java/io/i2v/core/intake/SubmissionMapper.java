package io.i2v.core.intake;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.job.JobOptions;
import io.i2v.core.job.JobSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/** Turns the public submission format into an intake command, rejecting malformed parts. */
public final class SubmissionMapper {
    private SubmissionMapper() {}

    public static IntakeCommand toCommand(
            JobSubmission s, JobSource source, String identity, String owner, boolean versionRequired) {
        if (s == null) {
            throw new I2vException(ErrorCode.INVALID_REQUEST, "request body is empty");
        }
        if (s.version() == null ? versionRequired : s.version() != JobSubmission.VERSION) {
            throw new I2vException(
                    ErrorCode.UNSUPPORTED_VERSION,
                    "submission version "
                            + (s.version() == null ? "(missing)" : s.version()) + " is not supported; use version "
                            + JobSubmission.VERSION);
        }
        List<ImageSource> images = new ArrayList<>();
        if (s.images() != null) {
            for (JobSubmission.ImageInput in : s.images()) {
                images.add(toSource(in));
            }
        }
        String id = identity != null ? identity : s.idempotencyKey();
        return new IntakeCommand(
                source,
                s.prompt(),
                images,
                s.options() == null ? JobOptions.none() : s.options(),
                id,
                owner,
                null,
                null,
                s.webhookUrl());
    }

    private static ImageSource toSource(JobSubmission.ImageInput in) {
        if (in == null) {
            throw new I2vException(ErrorCode.INVALID_REQUEST, "an image entry is null");
        }
        // "data": "" is an image of zero bytes (refused as corrupt_image), not a missing one
        long given = Stream.of(in.key(), in.url())
                        .filter(v -> v != null && !v.isBlank())
                        .count()
                + (in.data() != null ? 1 : 0);
        if (given != 1) {
            throw new I2vException(
                    ErrorCode.INVALID_REQUEST, "each image needs exactly one of \"key\", \"url\" or \"data\" (base64)");
        }
        if (in.key() != null && !in.key().isBlank()) {
            return new ImageSource.Stored(in.key());
        }
        if (in.url() != null && !in.url().isBlank()) {
            return new ImageSource.Remote(in.url());
        }
        try {
            // strict decoding (line breaks allowed): a lenient decoder turns garbage into an empty image
            return new ImageSource.Inline(
                    in.name(), Base64.getDecoder().decode(in.data().replaceAll("\\s", "")));
        } catch (IllegalArgumentException e) {
            throw new I2vException(ErrorCode.INVALID_REQUEST, "image \"data\" is not valid base64");
        }
    }
}
