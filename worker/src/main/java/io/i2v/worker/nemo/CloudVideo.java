package io.i2v.worker.nemo;

import io.i2v.core.job.JobOptions;
import io.i2v.worker.media.VideoConformer;
import io.i2v.worker.media.VideoConformer.Source;
import io.i2v.worker.media.VideoConformer.Target;
import io.i2v.worker.media.VideoInfo;
import io.i2v.worker.media.VideoWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What NemoVideo's export becomes. The vendor promises only "H.264, up to 1080x1920"; this
 * service promises H.264 High, yuv420p, MP4 with the index up front, at the size and rate the
 * job asked (else as delivered). A file that already is that is kept byte for byte; one whose
 * streams are right but container is not (QuickTime, index at the end) is remuxed; anything else
 * is re-encoded — a picture smaller than asked is centred on black, never enlarged. The job's
 * messages say what came and what changed.
 */
final class CloudVideo {
    private final VideoWriter.EncoderSettings settings;

    CloudVideo(VideoWriter.EncoderSettings settings) {
        this.settings = settings;
    }

    /** A downloaded file and what it holds; {@code source} null when it does not decode ({@code problem} says why). */
    record Delivered(Path file, Source source, String problem) {
        boolean decodes() {
            return source != null;
        }
    }

    /** The file the job keeps and the message saying what NemoVideo delivered and what was changed. */
    record Conformed(Path file, String message) {}

    static Delivered inspect(Path file) {
        try {
            return new Delivered(file, VideoConformer.inspect(file), null);
        } catch (VideoConformer.Undecodable e) {
            return new Delivered(file, null, e.getMessage());
        }
    }

    Conformed conform(Delivered delivered, JobOptions options, Path out) throws IOException {
        Source source = delivered.source();
        VideoInfo v = source.video();
        Target target = target(v, options);
        List<String> changes = new ArrayList<>();
        boolean high = VideoConformer.h264(v.codec()) && "High".equals(v.profile());
        if (!high || !"yuv420p".equals(v.pixelFormat())) {
            changes.add("re-encoded to H.264 High, yuv420p");
        }
        if (v.width() != target.width() || v.height() != target.height()) {
            boolean larger = v.width() > target.width() || v.height() > target.height();
            boolean smaller = v.width() < target.width() || v.height() < target.height();
            changes.add((larger ? "scaled down" : "") + (larger && smaller ? " and " : "")
                    + (smaller ? "centred on black (not enlarged)" : "") + " to fit "
                    + size(target.width(), target.height()) + (asked(options) ? ", the asked size" : ""));
        }
        if (Math.abs(v.fps() - target.fps()) > 0.01) {
            changes.add("frame rate " + fps(v.fps()) + " → " + target.fps() + " fps");
        }
        boolean aac = !source.sound() || "aac".equals(source.audioCodec());
        if (!aac) {
            changes.add("sound re-encoded to AAC");
        }
        boolean reencode = !changes.isEmpty();
        boolean rewrap = source.quickTime() || !v.faststart();
        String said = "NemoVideo delivered " + describe(source) + ".";
        if (!reencode && !rewrap) {
            return new Conformed(delivered.file(), said + " Kept as delivered.");
        }
        if (reencode) {
            VideoConformer.transcode(delivered.file(), out, target, settings);
        } else {
            VideoConformer.remux(delivered.file(), out);
            changes.add((source.quickTime() ? "rewrapped from QuickTime into MP4" : "rewrapped")
                    + " with the index up front (streams unchanged)");
        }
        return new Conformed(out, said + " Changed: " + String.join("; ", changes) + ".");
    }

    /** The asked size when the job gave one, else the delivered one (even, as yuv420p needs); the asked rate, else the delivered one when it is one of ours. */
    static Target target(VideoInfo v, JobOptions options) {
        int width = asked(options) ? options.width() : v.width() + v.width() % 2;
        int height = asked(options) ? options.height() : v.height() + v.height() % 2;
        int fps = options != null && options.fps() != null
                ? options.fps()
                : JobOptions.FPS.stream()
                        .min(Comparator.comparingDouble(f -> Math.abs(f - v.fps())))
                        .orElse(30);
        if (options == null || options.fps() == null) {
            long rounded = Math.round(v.fps());
            if (Math.abs(v.fps() - rounded) <= 0.01 && rounded >= 1 && rounded <= 60) {
                fps = (int) rounded; // a whole rate as delivered stays
            }
        }
        return new Target(width, height, fps);
    }

    private static boolean asked(JobOptions options) {
        return options != null && options.width() != null && options.height() != null;
    }

    static String describe(Source s) {
        VideoInfo v = s.video();
        String codec = VideoConformer.h264(v.codec()) ? "H.264" : v.codec();
        return codec + (v.profile() == null ? "" : " " + v.profile()) + ", " + v.pixelFormat() + ", "
                + size(v.width(), v.height()) + ", " + fps(v.fps()) + " fps, "
                + String.format(Locale.ROOT, "%.1f s", v.durationSeconds()) + ", "
                + (s.sound() ? "with sound (" + s.audioCodec() + ")" : "no sound") + ", "
                + (s.quickTime() ? "a QuickTime (MOV) file" : "MP4")
                + (v.faststart() ? "" : " with the index at the end");
    }

    private static String size(int w, int h) {
        return w + "x" + h;
    }

    private static String fps(double fps) {
        return Math.abs(fps - Math.round(fps)) < 0.01
                ? Long.toString(Math.round(fps))
                : String.format(Locale.ROOT, "%.2f", fps);
    }
}
