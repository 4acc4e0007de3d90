package io.i2v.worker.nemo;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;

/**
 * A NemoVideo failure, typed from the {@code code} field or the HTTP status (protocol error
 * table). {@link NemoClient} retries the ones the table says to retry; the rest become job
 * failures through {@link #toJobError()}.
 */
sealed interface NemoError {

    /** 1001, 1010, 1011: the token is invalid or expired. */
    record TokenRejected(int code) implements NemoError {}

    /** 1002. */
    record SessionNotFound() implements NemoError {}

    /** 2001. */
    record NoCredits() implements NemoError {}

    /** 4001. */
    record UnsupportedFile(String detail) implements NemoError {}

    /** 4002. */
    record FileTooLarge(String detail) implements NemoError {}

    /** HTTP 400 on the token call: no X-Client-Id. */
    record MissingClientId() implements NemoError {}

    /** HTTP 402: the plan does not allow export. */
    record PlanRequired() implements NemoError {}

    /** HTTP 429. */
    record RateLimited() implements NemoError {}

    /** A render id the service refused (duplicate, or unknown when polled). */
    record RenderRejected(int status, String detail) implements NemoError {}

    /** Anything else: an HTTP status or code we have no rule for, or no answer at all. */
    record Unexpected(int status, int code, String detail) implements NemoError {}

    /** Which error a reply means; {@code null} for a success. */
    static NemoError of(int httpStatus, int code, String message) {
        if (code == 1001 || code == 1010 || code == 1011 || httpStatus == 401 && code == 0) {
            return new TokenRejected(code == 0 ? 1001 : code);
        }
        return switch (code) {
            case 1002 -> new SessionNotFound();
            case 2001 -> new NoCredits();
            case 4001 -> new UnsupportedFile(message);
            case 4002 -> new FileTooLarge(message);
            default ->
                switch (httpStatus) {
                    case 400 -> new MissingClientId();
                    case 402 -> new PlanRequired();
                    case 429 -> new RateLimited();
                    default -> httpStatus / 100 == 2 && code == 0 ? null : new Unexpected(httpStatus, code, message);
                };
        };
    }

    /** The job failure a user sees: a stable code, whether another attempt can help, what to do. */
    default I2vException toJobError() {
        if (this instanceof NoCredits) {
            return new I2vException(
                    ErrorCode.INSUFFICIENT_CREDITS,
                    "the NemoVideo account has no credits left "
                            + "(code 2001): add credits or register the anonymous account, then submit again");
        }
        if (this instanceof UnsupportedFile u) {
            return new I2vException(
                    ErrorCode.UNSUPPORTED_FORMAT,
                    "NemoVideo refused the file (code 4001"
                            + detail(u.detail())
                            + "); it accepts mp4, mov, avi, webm, mkv, jpg, png, gif, webp, mp3, wav, "
                            + "m4a, aac");
        }
        if (this instanceof FileTooLarge f) {
            return new I2vException(
                    ErrorCode.FILE_TOO_LARGE,
                    "NemoVideo refused the file as too large (code 4002" + detail(f.detail())
                            + "); the limit is 200 MB");
        }
        if (this instanceof PlanRequired) {
            return new I2vException(
                    ErrorCode.PLAN_UPGRADE_REQUIRED,
                    "NemoVideo refused the export (HTTP 402): "
                            + "the account's plan does not allow export; upgrade the plan");
        }
        if (this instanceof RateLimited) {
            return new I2vException(
                    ErrorCode.RATE_LIMITED, "NemoVideo kept answering 429 (rate limited) after a wait and a retry");
        }
        if (this instanceof TokenRejected t) {
            return new I2vException(
                    ErrorCode.UNAUTHORIZED,
                    "NemoVideo rejected the token (code " + t.code() + ") again after a fresh one; check NEMO_TOKEN",
                    false);
        }
        if (this instanceof SessionNotFound) {
            return new I2vException(ErrorCode.BACKEND_UNAVAILABLE, "NemoVideo lost the session (code 1002) again");
        }
        if (this instanceof RenderRejected r) {
            return new I2vException(ErrorCode.RENDER_FAILED, "NemoVideo's render failed twice (" + r.detail() + ")");
        }
        if (this instanceof MissingClientId) {
            return new I2vException(
                    ErrorCode.BACKEND_UNAVAILABLE, "NemoVideo refused the anonymous token request (HTTP 400)");
        }
        Unexpected u = (Unexpected) this;
        return new I2vException(
                ErrorCode.BACKEND_UNAVAILABLE,
                "NemoVideo answered HTTP " + u.status() + (u.code() != 0 ? " code " + u.code() : "")
                        + detail(u.detail()));
    }

    private static String detail(String d) {
        return d == null || d.isBlank() ? "" : ": " + (d.length() > 200 ? d.substring(0, 200) : d);
    }
}
