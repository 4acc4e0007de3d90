package io.i2v.worker.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Brings a video someone else made (the cloud backend's export) to what this service promises:
 * H.264 High, yuv420p, MP4 with the index up front. {@link #inspect} reads what the file is;
 * {@link #remux} only rewrites the container (no quality loss); {@link #transcode} re-encodes
 * with {@link VideoWriter}, fitting the picture into the target by downscaling and padding
 * (never enlarging it) and resampling the frame rate by picking the nearest source frame.
 */
public final class VideoConformer {
    private VideoConformer() {}

    /**
     * What a file holds. {@code brand}: the ISO file's major brand ({@code qt  } for QuickTime, so a
     * MOV named .mp4 shows); {@code audioCodec}: null without sound.
     */
    public record Source(VideoInfo video, String brand, String audioCodec, int audioChannels) {
        public boolean quickTime() {
            return "qt".equals(brand == null ? null : brand.trim());
        }

        public boolean sound() {
            return audioCodec != null;
        }
    }

    /** Where the picture goes: the frame size and rate of the output. */
    public record Target(int width, int height, int fps) {}

    /** The file does not decode (empty, truncated, not a video, no frame). */
    public static final class Undecodable extends IOException {
        public Undecodable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static Source inspect(Path file) throws Undecodable {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) == 0) {
                throw new Undecodable("the file is empty", null);
            }
            VideoInfo video = VideoProbe.probe(file);
            if (video.frames() == 0 || video.width() <= 0 || video.height() <= 0) {
                throw new Undecodable("no picture decodes", null);
            }
            String audio = null;
            int channels = 0;
            try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
                g.start();
                if (g.hasAudio() && g.getAudioChannels() > 0) {
                    audio = g.getAudioCodecName();
                    channels = g.getAudioChannels();
                }
                g.stop();
            }
            return new Source(video, brand(file), audio, channels);
        } catch (Undecodable e) {
            throw e;
        } catch (IOException e) {
            throw new Undecodable("FFmpeg cannot decode it as a video (" + size(file) + " bytes)", e);
        }
    }

    /** Copies the streams as they are into an MP4 with the index up front. */
    public static void remux(Path in, Path out) throws IOException {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(in.toFile())) {
            g.start();
            try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(
                    out.toFile(), g.getImageWidth(), g.getImageHeight(), g.getAudioChannels())) {
                r.setFormat("mp4");
                r.setOption("movflags", "+faststart");
                r.setFrameRate(g.getFrameRate());
                r.setVideoCodec(g.getVideoCodec());
                if (g.getAudioChannels() > 0) {
                    r.setAudioCodec(g.getAudioCodec());
                    r.setSampleRate(g.getSampleRate());
                }
                r.start(g.getFormatContext());
                AVPacket packet;
                while ((packet = g.grabPacket()) != null) {
                    r.recordPacket(packet);
                }
                r.stop();
            }
            g.stop();
        }
    }

    /** Re-encodes into {@code target}: the picture fitted in (shrunk if larger, centred on black), AAC sound kept. */
    public static void transcode(Path in, Path out, Target target, VideoWriter.EncoderSettings settings)
            throws IOException {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(in.toFile())) {
            g.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
            g.setSampleRate(AudioTrack.RATE);
            g.setAudioChannels(AudioTrack.CHANNELS);
            g.start();
            boolean sound = g.hasAudio() && g.getAudioChannels() > 0;
            double scale = Math.min(
                    1.0,
                    Math.min(
                            (double) target.width() / g.getImageWidth(),
                            (double) target.height() / g.getImageHeight()));
            int w = Math.max(2, even(g.getImageWidth() * scale));
            int h = Math.max(2, even(g.getImageHeight() * scale));
            String graph = "scale=" + w + ":" + h + ":flags=area,pad=" + target.width() + ":" + target.height()
                    + ":(ow-iw)/2:(oh-ih)/2:color=black,format=yuv420p";
            try (FFmpegFrameFilter filter = new FFmpegFrameFilter(graph, g.getImageWidth(), g.getImageHeight());
                    VideoWriter writer = new VideoWriter(
                            out, target.width(), target.height(), target.fps(), settings, sound, OutputFormat.MP4)) {
                filter.setPixelFormat(g.getPixelFormat());
                filter.setFrameRate(g.getFrameRate());
                filter.start();
                writer.start();
                Resampler frames = new Resampler(writer, target.fps());
                Frame f;
                while ((f = g.grabFrame(sound, true, true, false)) != null) {
                    if (f.image != null) {
                        filter.push(f);
                        Frame scaled;
                        while ((scaled = filter.pullImage()) != null) {
                            frames.next(scaled, f.timestamp);
                        }
                    } else if (f.samples != null) {
                        writer.write(f);
                    }
                }
                frames.end(g.getFrameRate());
                writer.finish();
                filter.stop();
            }
            g.stop();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static int even(double v) {
        return (int) Math.round(v / 2) * 2;
    }

    /**
     * Output frame k (at k/fps) shows the source frame nearest to it: a frame is written once for
     * every output slot whose middle falls before the next source frame begins.
     */
    private static final class Resampler {
        private final VideoWriter writer;
        private final double slot;
        private Frame last;
        private long lastAt;
        private long first = -1;
        private long written;

        Resampler(VideoWriter writer, int fps) {
            this.writer = writer;
            this.slot = 1_000_000.0 / fps;
        }

        void next(Frame frame, long timestamp) throws FFmpegFrameRecorder.Exception {
            if (first < 0) {
                first = timestamp;
            }
            long at = timestamp - first;
            flushBefore(at);
            last = frame.clone();
            lastAt = at;
        }

        void end(double sourceFps) throws FFmpegFrameRecorder.Exception {
            if (last != null) {
                flushBefore(lastAt + Math.round(1_000_000.0 / (sourceFps > 0 ? sourceFps : 1_000_000.0 / slot)));
                if (written == 0) {
                    writer.write(last);
                }
            }
        }

        private void flushBefore(long at) throws FFmpegFrameRecorder.Exception {
            while (last != null && written * slot + slot / 2 <= at) {
                writer.write(last);
                written++;
            }
        }
    }

    /** The major brand of an ISO media file's {@code ftyp} box, or null. */
    static String brand(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(12);
            if (head.length < 12 || !new String(head, 4, 4, StandardCharsets.ISO_8859_1).equals("ftyp")) {
                return null;
            }
            return new String(head, 8, 4, StandardCharsets.ISO_8859_1);
        }
    }

    /** The codec name FFmpeg reports for H.264 (so callers need not know FFmpeg's ids). */
    public static boolean h264(String codec) {
        return codec != null
                && codec.equals(
                        avcodec.avcodec_get_name(avcodec.AV_CODEC_ID_H264).getString());
    }
}
