package io.i2v.core.intake;

/** An image as a caller hands it in. */
public sealed interface ImageSource {
    /** Bytes in the request itself (JSON base64 or multipart). */
    record Inline(String name, byte[] bytes) implements ImageSource {}

    /** An object already in our bucket (a presigned upload or the inbox). */
    record Stored(String key) implements ImageSource {}

    /** An http(s) URL the worker fetches. */
    record Remote(String url) implements ImageSource {}
}
