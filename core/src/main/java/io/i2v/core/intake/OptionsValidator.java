package io.i2v.core.intake;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.job.JobOptions;
import java.util.Set;

/** Range checks for explicit job options; the renderer may rely on them. */
final class OptionsValidator {
    static final Set<Integer> FPS = Set.of(24, 25, 30, 60);
    static final Set<String> ASPECTS = Set.of("16:9", "9:16", "1:1", "4:5");
    static final Set<String> FORMATS = Set.of("mp4", "mov", "webm", "gif");
    static final Set<String> DEPTHS = Set.of("auto", "layers", "flat");
    static final int MAX_SIDE = 1920;

    private OptionsValidator() {
    }

    static void validate(JobOptions o) {
        if (o == null) {
            return;
        }
        if (o.durationSeconds() != null && (o.durationSeconds() < 1 || o.durationSeconds() > 60)) {
            throw invalid("durationSeconds must be between 1 and 60");
        }
        if (o.fps() != null && !FPS.contains(o.fps())) {
            throw invalid("fps must be one of " + FPS);
        }
        side("width", o.width());
        side("height", o.height());
        if (o.aspect() != null && !ASPECTS.contains(o.aspect())) {
            throw invalid("aspect must be one of " + ASPECTS);
        }
        if (o.format() != null && !FORMATS.contains(o.format())) {
            throw invalid("format must be one of " + FORMATS);
        }
        if (o.depth() != null && !DEPTHS.contains(o.depth())) {
            throw invalid("depth must be one of auto, layers, flat");
        }
        if ((o.focusX() == null) != (o.focusY() == null)) {
            throw invalid("focusX and focusY go together");
        }
        if (o.focusX() != null && (o.focusX() < 0 || o.focusX() > 1 || o.focusY() < 0 || o.focusY() > 1)) {
            throw invalid("focusX and focusY are fractions of the image, 0 to 1");
        }
    }

    private static void side(String name, Integer v) {
        if (v != null && (v < 64 || v > MAX_SIDE || v % 2 != 0)) {
            throw invalid(name + " must be an even number of pixels between 64 and " + MAX_SIDE);
        }
    }

    private static I2vException invalid(String message) {
        return new I2vException(ErrorCode.INVALID_REQUEST, message);
    }
}
