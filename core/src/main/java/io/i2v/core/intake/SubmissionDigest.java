package io.i2v.core.intake;

import io.i2v.core.job.JobOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * A submission's digest: a resubmission under a known identity with the same digest is the same
 * request, one with another digest a different request.
 */
final class SubmissionDigest {
    private SubmissionDigest() {}

    /** What the caller sent, as a SHA-256: the same submission again has the same digest. */
    static String of(IntakeCommand c) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            Consumer<Object> add = v -> {
                byte[] b = String.valueOf(v).getBytes(StandardCharsets.UTF_8);
                sha.update(ByteBuffer.allocate(4).putInt(b.length).array());
                sha.update(b);
            };
            add.accept(c.source());
            add.accept(c.prompt());
            add.accept(c.options() == null ? JobOptions.none() : c.options());
            add.accept(c.webhookUrl());
            for (ImageSource image : c.images() == null ? List.<ImageSource>of() : c.images()) {
                if (image instanceof ImageSource.Inline inline) {
                    add.accept("inline:" + inline.name());
                    sha.update(MessageDigest.getInstance("SHA-256").digest(inline.bytes()));
                } else {
                    add.accept(image);
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
