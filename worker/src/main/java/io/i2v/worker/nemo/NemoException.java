package io.i2v.worker.nemo;

/** A typed failure of one NemoVideo call (no token or secret in its message). */
final class NemoException extends RuntimeException {
    private final NemoError error;

    NemoException(NemoError error) {
        super(error.toString(), null, false, false);
        this.error = error;
    }

    NemoError error() {
        return error;
    }
}
