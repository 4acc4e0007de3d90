package io.i2v.core.error;

/** The error part of a job status, an event or an API error body. */
public record ErrorInfo(String code, String message, boolean retryable) {
    public static ErrorInfo of(ErrorCode code, String message) {
        return new ErrorInfo(code.code(), message, code.retryable());
    }
}
