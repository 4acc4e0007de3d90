package io.i2v.core.intake;

import io.i2v.core.config.I2vConfig;
import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.image.ImageFormat;
import io.i2v.core.image.ImageIntegrity;
import io.i2v.core.net.OutboundPolicy;
import io.i2v.core.net.UrlUse;
import io.i2v.core.storage.ObjectInfo;
import io.i2v.core.storage.ObjectStore;
import io.i2v.core.storage.S3Keys;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The images of a submission, checked before anything is written: how many (at least one image,
 * at most one audio file), and each one's size, format (by its first bytes) and integrity, an
 * uploaded key's place and presence, a remote address's scheme and address.
 */
final class ImageValidator {
    private final ObjectStore store;
    private final I2vConfig.Intake limits;
    private final OutboundPolicy urls;

    ImageValidator(ObjectStore store, I2vConfig.Intake limits, OutboundPolicy urls) {
        this.store = store;
        this.limits = limits;
        this.urls = urls;
    }

    /** The sources, each checked, in their order; the first problem is thrown as an {@link I2vException}. */
    List<ValidImage> validImages(List<ImageSource> sources) {
        if (sources == null || sources.isEmpty()) {
            throw new I2vException(ErrorCode.MISSING_IMAGE, "the job has no image; give at least one image");
        }
        if (sources.size() > limits.maxImages()) {
            throw new I2vException(
                    ErrorCode.INVALID_REQUEST,
                    "a job takes at most " + limits.maxImages() + " images; got " + sources.size());
        }
        List<ValidImage> valid = new ArrayList<>();
        for (ImageSource s : sources) {
            if (s instanceof ImageSource.Inline inline) {
                valid.add(validInline(inline));
            } else if (s instanceof ImageSource.Stored stored) {
                valid.add(validStored(stored));
            } else {
                valid.add(validRemote((ImageSource.Remote) s));
            }
        }
        long audio = valid.stream()
                .filter(v -> v.format() != null && v.format().audio())
                .count();
        if (audio == valid.size()) {
            throw new I2vException(ErrorCode.MISSING_IMAGE, "the job has music but no image; give at least one image");
        }
        if (audio > 1) {
            throw new I2vException(ErrorCode.INVALID_REQUEST, "a job takes at most one audio file; got " + audio);
        }
        return valid;
    }

    private ValidImage validInline(ImageSource.Inline inline) {
        long size = inline.bytes().length;
        if (size == 0) {
            throw new I2vException(ErrorCode.CORRUPT_IMAGE, "image " + name(inline.name()) + " is empty (0 bytes)");
        }
        if (size > limits.maxFileBytes()) {
            throw tooLarge(size);
        }
        if (size > limits.maxInlineBytes()) {
            throw new I2vException(
                    ErrorCode.FILE_TOO_LARGE,
                    "inline images are limited to " + limits.maxInlineBytes()
                            + " bytes; upload larger images with POST /v1/uploads and pass the key");
        }
        ImageFormat format = sniff(inline.bytes(), name(inline.name()));
        // a cut-off file is refused now rather than rendered with a grey lower part later
        ImageIntegrity.problem(ByteBuffer.wrap(inline.bytes()), format).ifPresent(problem -> {
            throw new I2vException(
                    ErrorCode.CORRUPT_IMAGE, "image " + name(inline.name()) + " cannot be used: " + problem);
        });
        return new ValidImage(inline, format, size);
    }

    private ValidImage validStored(ImageSource.Stored stored) {
        if (!S3Keys.callerReadable(stored.key())) {
            throw new I2vException(
                    ErrorCode.INVALID_REQUEST, "image key must be under " + S3Keys.UPLOADS + " or " + S3Keys.INBOX);
        }
        ObjectInfo info = store.head(stored.key())
                .orElseThrow(() -> new I2vException(
                        ErrorCode.MISSING_IMAGE,
                        "no uploaded image at key " + stored.key() + "; upload it first (POST /v1/uploads)"));
        if (info.size() == 0) {
            throw new I2vException(ErrorCode.CORRUPT_IMAGE, "image " + stored.key() + " is empty (0 bytes)");
        }
        if (info.size() > limits.maxFileBytes()) {
            throw tooLarge(info.size());
        }
        return new ValidImage(
                stored, sniff(store.firstBytes(stored.key(), ImageFormat.SNIFF_BYTES), stored.key()), info.size());
    }

    /**
     * Scheme and address are checked now, so a caller learns at once; a name that does not
     * resolve is left to the worker (url_fetch_failed), which checks every address again when
     * it connects.
     */
    private ValidImage validRemote(ImageSource.Remote remote) {
        urls.admit(remote.url(), UrlUse.IMAGE);
        return new ValidImage(remote, null, -1);
    }

    static ImageFormat sniff(byte[] head, String what) {
        return ImageFormat.sniff(head)
                .orElseThrow(() -> new I2vException(
                        ErrorCode.UNSUPPORTED_FORMAT,
                        what + " is not a supported image; supported formats: " + ImageFormat.supportedList()));
    }

    private I2vException tooLarge(long size) {
        return new I2vException(
                ErrorCode.FILE_TOO_LARGE,
                "image is " + size + " bytes; the limit is " + limits.maxFileBytes() + " bytes");
    }

    private static String name(String name) {
        return name == null || name.isBlank() ? "the image" : "\"" + name + "\"";
    }

    /** An image that passed, with its format and size (a remote image's are not known here: null and -1). */
    record ValidImage(ImageSource source, ImageFormat format, long size) {}
}
