package io.i2v.worker.backend;

import io.i2v.core.job.Interpretation;
import java.nio.file.Path;
import java.util.List;

/** A rendered video on local disk with its poster, and what the backend understood and said. */
public record BackendResult(Path video, Path poster, Interpretation interpretation, String timeline,
                            List<String> messages, int expectedWidth, int expectedHeight, double expectedFps,
                            long expectedFrames) {
}
