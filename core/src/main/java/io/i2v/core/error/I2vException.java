package io.i2v.core.error;

/** A failure with a stable code; its message is safe to show to the caller (no secrets, no stack). */
public class I2vException extends RuntimeException {
    private final ErrorCode code;
    private final Boolean retryable;

    public I2vException(ErrorCode code, String message) {
        super(message);
        this.code = code;
        this.retryable = null;
    }

    /** A failure whose retry decision differs from its code's default (a stall that another attempt cannot fix). */
    public I2vException(ErrorCode code, String message, boolean retryable) {
        super(message);
        this.code = code;
        this.retryable = retryable;
    }

    public I2vException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retryable = null;
    }

    public ErrorCode code() {
        return code;
    }

    public boolean retryable() {
        return retryable != null ? retryable : code.retryable();
    }

    public ErrorInfo toInfo() {
        return new ErrorInfo(code.code(), getMessage(), retryable());
    }
}
