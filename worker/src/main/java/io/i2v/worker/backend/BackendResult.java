package io.i2v.worker.backend;

import com.fasterxml.jackson.databind.JsonNode;
import io.i2v.core.job.Interpretation;
import java.nio.file.Path;
import java.util.List;

/**
 * A rendered video on local disk with its poster, and what the backend understood and said.
 * {@code timeline}: the timeline's summary for people. {@code format}: the container by extension
 * ("mp4" unless the job asked for "mov", "webm", "gif"). {@code clips}: the further videos of a
 * one-clip-per-image job (this one is the first), else empty. {@code draft}: the local renderer's
 * timeline draft, which the pipeline stores with the job for a later edit (null from the cloud).
 */
public record BackendResult(
        Path video,
        Path poster,
        Interpretation interpretation,
        String timeline,
        List<String> messages,
        int expectedWidth,
        int expectedHeight,
        double expectedFps,
        long expectedFrames,
        String format,
        List<BackendResult> clips,
        JsonNode draft) {

    public BackendResult {
        clips = clips == null ? List.of() : List.copyOf(clips);
    }

    public BackendResult(
            Path video,
            Path poster,
            Interpretation interpretation,
            String timeline,
            List<String> messages,
            int expectedWidth,
            int expectedHeight,
            double expectedFps,
            long expectedFrames,
            String format,
            List<BackendResult> clips) {
        this(
                video,
                poster,
                interpretation,
                timeline,
                messages,
                expectedWidth,
                expectedHeight,
                expectedFps,
                expectedFrames,
                format,
                clips,
                null);
    }

    public BackendResult(
            Path video,
            Path poster,
            Interpretation interpretation,
            String timeline,
            List<String> messages,
            int expectedWidth,
            int expectedHeight,
            double expectedFps,
            long expectedFrames,
            String format) {
        this(
                video,
                poster,
                interpretation,
                timeline,
                messages,
                expectedWidth,
                expectedHeight,
                expectedFps,
                expectedFrames,
                format,
                List.of());
    }

    public BackendResult(
            Path video,
            Path poster,
            Interpretation interpretation,
            String timeline,
            List<String> messages,
            int expectedWidth,
            int expectedHeight,
            double expectedFps,
            long expectedFrames) {
        this(
                video,
                poster,
                interpretation,
                timeline,
                messages,
                expectedWidth,
                expectedHeight,
                expectedFps,
                expectedFrames,
                "mp4");
    }
}
