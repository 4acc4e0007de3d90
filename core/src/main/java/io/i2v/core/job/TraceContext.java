package io.i2v.core.job;

import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * W3C trace context ({@code traceparent}) carried from the HTTP request through the job
 * message into the worker's logs. A missing or malformed header starts a new trace.
 */
public final class TraceContext {
    public static final String HEADER = "traceparent";
    private static final Pattern VALID = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");

    private TraceContext() {}

    public static String orNew(String traceparent, JobIds random) {
        if (traceparent != null
                && VALID.matcher(traceparent.trim()).matches()
                && !traceparent.contains("00000000000000000000000000000000")) {
            return traceparent.trim();
        }
        byte[] bytes = random.bytes(24);
        String hex = HexFormat.of().formatHex(bytes);
        return "00-" + hex.substring(0, 32) + "-" + hex.substring(32, 48) + "-01";
    }

    /** The 32-hex trace id, or null. */
    public static String traceId(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        var m = VALID.matcher(traceparent);
        return m.matches() ? m.group(1) : null;
    }
}
