package io.i2v.core.storage;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/** How {@link ObjectStore} calls S3: the one retry for a dropped connection, and the one failure it becomes. */
final class S3Calls {
    private S3Calls() {}

    /**
     * Runs an S3 call, once more after a dropped connection: a keep-alive connection the server
     * has just closed fails the first request on it with "Unexpected end of file", and the SDK does
     * not retry that. Every call here is idempotent (GET, HEAD, PUT of a whole object, DELETE).
     */
    static <T> T retrying(String op, String key, Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (UncheckedIOException e) {
                if (attempt >= 3) {
                    throw unavailable(op, key, e);
                }
            }
        }
    }

    static I2vException unavailable(String op, String key, Exception e) {
        return new I2vException(
                ErrorCode.STORAGE_UNAVAILABLE,
                "storage " + op + " failed for " + key + ": " + e.getClass().getSimpleName(),
                e);
    }
}
