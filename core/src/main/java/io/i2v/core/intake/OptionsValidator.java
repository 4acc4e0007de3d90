package io.i2v.core.intake;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.job.JobOptions;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Strict checks for explicit job options, shared by every entry point through the intake
 * service: a value outside its list or range is {@code invalid_request} naming the field and
 * what is allowed. (The prompt stays forgiving; options are what scripts send.)
 */
final class OptionsValidator {
    static final int MAX_SIDE = 1920;

    private OptionsValidator() {}

    static void validate(JobOptions o) {
        if (o == null) {
            return;
        }
        if (o.durationSeconds() != null && (o.durationSeconds() < 1 || o.durationSeconds() > 60)) {
            throw invalid("\"options.durationSeconds\" must be between 1 and 60; got " + o.durationSeconds());
        }
        if (o.fps() != null && !JobOptions.FPS.contains(o.fps())) {
            throw invalid(notOneOf("fps", String.valueOf(o.fps()), JobOptions.FPS));
        }
        side("width", o.width());
        side("height", o.height());
        oneOf("aspect", o.aspect(), JobOptions.ASPECTS, false);
        oneOf("motion", o.motion(), JobOptions.MOTIONS, true);
        oneOf("format", o.format(), JobOptions.FORMATS, false);
        oneOf("depth", o.depth(), JobOptions.DEPTHS, false);
        oneOf("backend", o.backend(), JobOptions.BACKENDS, false);
        oneOf("fallback", o.fallback(), JobOptions.FALLBACKS, false);
        if ((o.focusX() == null) != (o.focusY() == null)) {
            throw invalid("\"options.focusX\" and \"options.focusY\" go together");
        }
        if (o.focusX() != null && (o.focusX() < 0 || o.focusX() > 1 || o.focusY() < 0 || o.focusY() > 1)) {
            throw invalid("\"options.focusX\" and \"options.focusY\" are fractions of the image, 0 to 1");
        }
    }

    private static void oneOf(String field, String value, List<String> allowed, boolean anyCase) {
        if (value == null) {
            return;
        }
        String v = anyCase ? value.strip().toLowerCase(Locale.ROOT) : value;
        if (!allowed.contains(v)) {
            throw invalid(notOneOf(field, value, allowed));
        }
    }

    private static String notOneOf(String field, String value, List<?> allowed) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return "\"options." + field + "\" must be one of: "
                + allowed.stream().map(String::valueOf).collect(Collectors.joining(", ")) + "; got \"" + shown + "\"";
    }

    private static void side(String name, Integer v) {
        if (v != null && (v < 64 || v > MAX_SIDE || v % 2 != 0)) {
            throw invalid("\"options." + name + "\" must be an even number of pixels between 64 and " + MAX_SIDE
                    + "; got " + v);
        }
    }

    private static I2vException invalid(String message) {
        return new I2vException(ErrorCode.INVALID_REQUEST, message);
    }
}
