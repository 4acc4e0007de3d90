package io.i2v.core.job;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.storage.JobIndexEntry;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * What a caller asks of {@code GET /v1/jobs}: optional state and source filters, a page size and
 * where the last page ended. Parsed from the raw query strings so every bad value is the same
 * 400 {@code invalid_request}, never a framework's 404.
 *
 * @param state a {@link JobState} name ("QUEUED", …) or null for any
 * @param after the index entry name the previous page ended with, or null for the newest
 */
public record JobListQuery(String state, JobSource source, int limit, String after) {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
    public static final List<String> STATES = List.of("QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED");

    public static JobListQuery parse(String state, String source, String limit, String cursor) {
        return new JobListQuery(state(state), source(source), limit(limit), after(cursor));
    }

    public boolean accepts(JobStatus status) {
        return (state == null || state.equals(status.state().name())) && (source == null || source == status.source());
    }

    /** The opaque cursor for a page that ended at {@code entry}. */
    public static String cursor(JobIndexEntry entry) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(entry.name().getBytes(StandardCharsets.UTF_8));
    }

    private static String state(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        String upper = s.toUpperCase(Locale.ROOT);
        if (!STATES.contains(upper)) {
            throw invalid("\"state\" must be one of: " + String.join(", ", STATES) + "; got \"" + shortened(s) + "\"");
        }
        return upper;
    }

    private static JobSource source(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        for (JobSource source : JobSource.values()) {
            if (source.wire().equalsIgnoreCase(s)) {
                return source;
            }
        }
        throw invalid("\"source\" must be one of: http, s3, sqs; got \"" + shortened(s) + "\"");
    }

    private static int limit(String s) {
        if (s == null || s.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(s.strip());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below says what is allowed
        }
        throw invalid("\"limit\" must be a whole number from 1 to " + MAX_LIMIT + "; got \"" + shortened(s) + "\"");
    }

    private static String after(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String name = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (JobIndexEntry.parse(name).isPresent()) {
                return name;
            }
        } catch (IllegalArgumentException e) {
            // not base64url: the same answer as any other cursor we did not give out
        }
        throw invalid("\"cursor\" is not one this API returned; pass nextCursor from the previous page unchanged");
    }

    private static String shortened(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static I2vException invalid(String message) {
        return new I2vException(ErrorCode.INVALID_REQUEST, message);
    }
}
