package io.i2v.core.job;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Explicit job options; every field is optional and overrides what the instruction says.
 * Structured values are strict (anything outside the lists below is {@code invalid_request}),
 * unlike the free-text prompt. {@code focusX}/{@code focusY} (0..1, from the image's left/top) is
 * where the camera aims instead of the detected subject; {@code depth} "auto" gives layered
 * parallax when the photo has a clear subject; {@code loop} makes a seamless loop; {@code backend}
 * and {@code fallback} choose the renderer per job (the cloud, with the local one behind it).
 */
@Schema(
        name = "JobOptions",
        description = "Explicit options; each overrides what the prompt says. "
                + "Unknown values are refused with invalid_request naming the allowed ones.")
public record JobOptions(
        @Schema(minimum = "1", maximum = "60", examples = "10")
        Double durationSeconds,

        @Schema(minimum = "64", maximum = "1920", description = "Even number of pixels; give with height.")
        Integer width,

        @Schema(minimum = "64", maximum = "1920", description = "Even number of pixels; give with width.")
        Integer height,

        @Schema(enumeration = {"24", "25", "30", "60"}) Integer fps,

        @Schema(enumeration = {"16:9", "9:16", "1:1", "4:5"})
        String aspect,

        @Schema(
                enumeration = {
                    "push in",
                    "zoom out",
                    "pan left",
                    "pan right",
                    "tilt up",
                    "tilt down",
                    "dolly in",
                    "drift",
                    "sway",
                    "orbit",
                    "vertigo",
                    "rack focus",
                    "static"
                },
                description = "Camera move (case-insensitive).")
        String motion,

        @Schema(enumeration = {"mp4", "mov", "webm", "gif"}) String format,

        @Schema(minimum = "0", maximum = "1", description = "Where the camera aims, from the left; with focusY.")
        Double focusX,

        @Schema(minimum = "0", maximum = "1", description = "Where the camera aims, from the top; with focusX.")
        Double focusY,

        @Schema(enumeration = {"auto", "layers", "flat"}) String depth,
        Boolean loop,

        @Schema(
                enumeration = {"auto", "nemo", "local"},
                description = "Which renderer makes the video: the "
                        + "service's configured one (auto, the default), the NemoVideo cloud, or the local renderer.")
        String backend,

        @Schema(
                enumeration = {"local", "none"},
                description = "When the cloud fails for a reason that is not the "
                        + "caller's (stalled, rate_limited, backend_unavailable, insufficient_credits, plan_upgrade_required): "
                        + "local makes the same job on the local renderer; none (the default) fails the job.")
        String fallback) {

    /** Allowed values (the OpenAPI enums above list the same; a test holds them together). */
    public static final List<Integer> FPS = List.of(24, 25, 30, 60);

    public static final List<String> ASPECTS = List.of("16:9", "9:16", "1:1", "4:5");
    /** Camera moves the local renderer performs; the worker's interpreter reads this list. */
    public static final List<String> MOTIONS = List.of(
            "push in",
            "zoom out",
            "pan left",
            "pan right",
            "tilt up",
            "tilt down",
            "dolly in",
            "drift",
            "sway",
            "orbit",
            "vertigo",
            "rack focus",
            "static");

    public static final List<String> FORMATS = List.of("mp4", "mov", "webm", "gif");
    public static final List<String> DEPTHS = List.of("auto", "layers", "flat");
    public static final List<String> BACKENDS = List.of("auto", "nemo", "local");
    public static final List<String> FALLBACKS = List.of("local", "none");

    public JobOptions(
            Double durationSeconds,
            Integer width,
            Integer height,
            Integer fps,
            String aspect,
            String motion,
            String format,
            Double focusX,
            Double focusY,
            String depth,
            Boolean loop) {
        this(durationSeconds, width, height, fps, aspect, motion, format, focusX, focusY, depth, loop, null, null);
    }

    public JobOptions(
            Double durationSeconds,
            Integer width,
            Integer height,
            Integer fps,
            String aspect,
            String motion,
            String format,
            Double focusX,
            Double focusY) {
        this(durationSeconds, width, height, fps, aspect, motion, format, focusX, focusY, null, null);
    }

    public JobOptions(
            Double durationSeconds,
            Integer width,
            Integer height,
            Integer fps,
            String aspect,
            String motion,
            String format) {
        this(durationSeconds, width, height, fps, aspect, motion, format, null, null);
    }

    public static JobOptions none() {
        return new JobOptions(null, null, null, null, null, null, null);
    }
}
