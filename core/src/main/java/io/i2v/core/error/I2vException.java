package io.i2v.core.error;

/** A failure with a stable code; its message is safe to show to the caller (no secrets, no stack). */
public class I2vException extends RuntimeException {
    private final ErrorCode code;

    public I2vException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public I2vException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public boolean retryable() {
        return code.retryable();
    }

    public ErrorInfo toInfo() {
        return new ErrorInfo(code.code(), getMessage(), code.retryable());
    }
}
