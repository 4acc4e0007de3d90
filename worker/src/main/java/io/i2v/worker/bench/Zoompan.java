package io.i2v.worker.bench;

import io.i2v.worker.media.VideoWriter;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * The common ffmpeg {@code zoompan} push-in, for comparison. Runs an ffmpeg executable: one on
 * the PATH, else the one that ships in the JavaCV FFmpeg jar; where neither can start (the
 * bundled one links libavdevice, which needs libpulse.so.0), the very same filter graph runs
 * in-process through libavfilter and the frames go through the same x264 settings.
 */
final class Zoompan {
    private Zoompan() {}

    /** The recipe's filter: a 15% centred push-in over {@code frames} frames, output {@code w}x{@code h}. */
    static String filter(int frames, int w, int h, int fps) {
        return String.format(
                Locale.ROOT,
                "zoompan=z='min(zoom+%.6f,1.15)':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=%d:s=%dx%d:fps=%d",
                0.15 / (frames - 1),
                frames,
                w,
                h,
                fps);
    }

    /** The one-liner a user would type, with our encoder settings. */
    static List<String> command(
            String ffmpeg, Path photo, Path out, String zoompan, int frames, VideoWriter.EncoderSettings enc) {
        List<String> cmd = new ArrayList<>(List.of(
                ffmpeg,
                "-y",
                "-loglevel",
                "error",
                "-i",
                photo.toString(),
                "-vf",
                zoompan + ",format=yuv420p",
                "-frames:v",
                Integer.toString(frames),
                "-c:v",
                "libx264",
                "-preset",
                enc.preset(),
                "-crf",
                Integer.toString(enc.crf())));
        if (enc.threads() != 0) {
            cmd.addAll(List.of("-threads", Integer.toString(enc.threads())));
        }
        cmd.add(out.toString());
        return cmd;
    }

    /** An ffmpeg executable that starts on this machine: {@code ffmpeg} on the PATH, else JavaCV's; empty if none. */
    static Optional<String> executable() {
        List<String> candidates = new ArrayList<>();
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "ffmpeg"))) {
                candidates.add(Path.of(d, "ffmpeg").toString());
                break;
            }
        }
        try {
            candidates.add(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class));
        } catch (Throwable e) {
            // not extractable here
        }
        for (String c : candidates) {
            try {
                Process p = new ProcessBuilder(c, "-version")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Optional.of(c);
                }
                p.destroyForcibly();
            } catch (Exception e) {
                // cannot start: try the next
            }
        }
        return Optional.empty();
    }

    /** Returns how it ran ("ffmpeg executable" or "libavfilter in-process"). */
    static String run(
            Path photo,
            Path out,
            String zoompan,
            int frames,
            int w,
            int h,
            int fps,
            VideoWriter.EncoderSettings enc,
            Path dir)
            throws Exception {
        Optional<String> ffmpeg = executable();
        if (ffmpeg.isPresent()) {
            Path log = dir.resolve("ffmpeg.log");
            Process p = new ProcessBuilder(command(ffmpeg.get(), photo, out, zoompan, frames, enc))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (p.waitFor(10, TimeUnit.MINUTES) && p.exitValue() == 0) {
                return "ffmpeg executable";
            }
            p.destroyForcibly();
        }
        inProcess(photo, out, zoompan, frames, w, h, fps, enc);
        return "libavfilter in-process: no ffmpeg executable starts here";
    }

    /** The recipe's filter graph and encoder in this process: what the executable does, without its start-up. */
    static void inProcess(
            Path photo, Path out, String zoompan, int frames, int w, int h, int fps, VideoWriter.EncoderSettings enc)
            throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(photo.toFile())) {
            g.start();
            Frame still = g.grabImage().clone();
            g.stop();
            try (FFmpegFrameFilter filter = new FFmpegFrameFilter(
                            "format=yuv420p," + zoompan + ",format=yuv420p", still.imageWidth, still.imageHeight);
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
    }
}
