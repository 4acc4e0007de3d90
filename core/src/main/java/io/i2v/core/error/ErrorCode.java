package io.i2v.core.error;

/**
 * Stable error codes. The {@code code} string is the public contract (API bodies, job status,
 * events); never rename one. {@code retryable} tells the worker whether another attempt can help.
 */
public enum ErrorCode {
    INVALID_REQUEST("invalid_request", false, 400),
    MISSING_IMAGE("missing_image", false, 400),
    UNSUPPORTED_VERSION("unsupported_version", false, 400),
    UNSUPPORTED_FORMAT("unsupported_format", false, 415),
    FILE_TOO_LARGE("file_too_large", false, 413),
    IMAGE_TOO_LARGE("image_too_large", false, 422),
    CORRUPT_IMAGE("corrupt_image", false, 422),
    URL_NOT_ALLOWED("url_not_allowed", false, 400),
    URL_FETCH_FAILED("url_fetch_failed", true, 422),
    UNAUTHORIZED("unauthorized", false, 401),
    JOB_NOT_FOUND("job_not_found", false, 404),
    CONFLICT("conflict", false, 409),
    /** An {@code Idempotency-Key} sent again with a different request body (Stripe's convention). */
    IDEMPOTENCY_KEY_REUSED("idempotency_key_reused", false, 409),
    /** No such path in the API (an unknown job id is {@code job_not_found}). */
    NOT_FOUND("not_found", false, 404),
    /** The path exists but not with this HTTP method. */
    METHOD_NOT_ALLOWED("method_not_allowed", false, 405),
    /** The request's {@code Content-Type} is not one the endpoint reads. */
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", false, 415),
    RENDER_FAILED("render_failed", true, 500),
    OUTPUT_INVALID("output_invalid", true, 500),
    STALLED("stalled", true, 500),
    STORAGE_UNAVAILABLE("storage_unavailable", true, 503),
    /** The cloud backend's account has too few credits (NemoVideo 2001). */
    INSUFFICIENT_CREDITS("insufficient_credits", false, 402),
    /** The cloud backend's plan does not allow export (NemoVideo HTTP 402). */
    PLAN_UPGRADE_REQUIRED("plan_upgrade_required", false, 402),
    /** The cloud backend kept answering 429 after the documented wait and retry. */
    RATE_LIMITED("rate_limited", true, 429),
    /** The cloud backend could not be reached or answered in a way we cannot use. */
    BACKEND_UNAVAILABLE("backend_unavailable", true, 503),
    /** The configured backend does not offer this (for example credits with the local renderer). */
    NOT_SUPPORTED("not_supported", false, 501),
    QUEUE_UNAVAILABLE("queue_unavailable", true, 503),
    RETRIES_EXHAUSTED("retries_exhausted", false, 500),
    INTERNAL("internal_error", true, 500);

    private final String code;
    private final boolean retryable;
    private final int httpStatus;

    ErrorCode(String code, boolean retryable, int httpStatus) {
        this.code = code;
        this.retryable = retryable;
        this.httpStatus = httpStatus;
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public static ErrorCode fromCode(String code) {
        for (ErrorCode c : values()) {
            if (c.code.equals(code)) {
                return c;
            }
        }
        return INTERNAL;
    }
}
