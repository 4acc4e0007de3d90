package io.i2v.worker.bench;

import io.i2v.worker.media.VideoWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * The common ffmpeg {@code zoompan} push-in, for comparison. Runs the ffmpeg executable that
 * ships in the JavaCV FFmpeg jar; where that executable cannot start (it links libavdevice,
 * which needs libpulse.so.0), the very same filter graph runs in-process through libavfilter
 * and the frames go through the same x264 settings.
 */
final class Zoompan {
    private Zoompan() {
    }

    /** Returns how it ran ("ffmpeg executable" or "libavfilter in-process"). */
    static String run(Path photo, Path out, String zoompan, int frames, int w, int h, int fps,
                      VideoWriter.EncoderSettings enc, Path dir) throws Exception {
        String ffmpeg = null;
        try {
            ffmpeg = org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        } catch (Throwable e) {
            // no executable on this machine: fall through to the in-process filter
        }
        if (ffmpeg != null) {
            List<String> cmd = List.of(ffmpeg, "-y", "-loglevel", "error", "-i", photo.toString(), "-vf",
                    zoompan + ",format=yuv420p", "-frames:v", Integer.toString(frames), "-c:v", "libx264", "-preset",
                    enc.preset(), "-crf", Integer.toString(enc.crf()), out.toString());
            Path log = dir.resolve("ffmpeg.log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (p.waitFor(10, TimeUnit.MINUTES) && p.exitValue() == 0) {
                return "ffmpeg executable";
            }
            p.destroyForcibly();
        }
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(photo.toFile())) {
            g.start();
            Frame still = g.grabImage().clone();
            g.stop();
            try (FFmpegFrameFilter filter = new FFmpegFrameFilter("format=yuv420p," + zoompan + ",format=yuv420p",
                    still.imageWidth, still.imageHeight);
                 VideoWriter writer = new VideoWriter(out, w, h, fps, enc)) {
                filter.setPixelFormat(g.getPixelFormat());
                filter.setFrameRate(fps);
                filter.start();
                writer.start();
                filter.push(still);
                int n = 0;
                Frame f;
                while (n < frames && (f = filter.pullImage()) != null) {
                    writer.write(f);
                    n++;
                }
                filter.stop();
                writer.finish();
                if (n != frames) {
                    throw new IllegalStateException("zoompan gave " + n + " frames, wanted " + frames);
                }
            }
        }
        return "libavfilter in-process: the ffmpeg executable cannot start here";
    }

}
