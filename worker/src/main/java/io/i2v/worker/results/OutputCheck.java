package io.i2v.worker.results;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.worker.backend.BackendResult;
import io.i2v.worker.media.OutputFormat;
import io.i2v.worker.media.VideoInfo;
import io.i2v.worker.media.VideoProbe;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * "Succeeded" only for a video that decodes as promised (its index, every packet and sampled frames, see
 * {@link VideoProbe#check}): the format's codec (H.264 High with the
 * index up front for MP4/MOV, VP9 for WebM, GIF), yuv420p, size, rate, frame count.
 */
public final class OutputCheck {
    private OutputCheck() {}

    public static VideoInfo verify(BackendResult render) {
        VideoInfo info;
        try {
            info = VideoProbe.check(render.video());
        } catch (IOException e) {
            throw new I2vException(ErrorCode.OUTPUT_INVALID, "the rendered video does not decode: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        OutputFormat format = OutputFormat.of(render.format()).orElse(OutputFormat.MP4);
        if (!format.codec().equals(info.codec())) {
            problems.add("codec " + info.codec());
        }
        if (format.codec().equals("h264") && !"High".equals(info.profile())) {
            problems.add("profile " + info.profile());
        }
        if (format != OutputFormat.GIF && !"yuv420p".equals(info.pixelFormat())) {
            problems.add("pixel format " + info.pixelFormat());
        }
        if (info.width() != render.expectedWidth() || info.height() != render.expectedHeight()) {
            problems.add("size " + info.width() + "x" + info.height());
        }
        if (Math.abs(info.fps() - render.expectedFps()) > 0.01) {
            problems.add("frame rate " + info.fps());
        }
        if (info.frames() != render.expectedFrames()) {
            problems.add(info.frames() + " frames instead of " + render.expectedFrames());
        }
        if (format.codec().equals("h264") && !info.faststart()) {
            problems.add("index not at the front (no faststart)");
        }
        if (!problems.isEmpty()) {
            throw new I2vException(
                    ErrorCode.OUTPUT_INVALID, "the rendered video is not as promised: " + String.join(", ", problems));
        }
        return info;
    }
}
