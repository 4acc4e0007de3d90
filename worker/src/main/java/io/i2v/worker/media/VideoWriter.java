package io.i2v.worker.media;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Writes the video file. MP4/MOV: H.264 High, yuv420p, BT.709 limited range, index up front
 * ({@code +faststart}) so playback starts before the download ends, AAC sound. WebM: VP9 (same
 * CRF scale, fast real-time settings) and Opus. GIF: 256-colour frames, no sound. Frames arrive
 * as ready-made YUV 4:2:0 planes; music, when there is any, as 16-bit PCM.
 */
public final class VideoWriter implements AutoCloseable {
    private final FFmpegFrameRecorder recorder;
    private final int width;
    private final int height;
    private boolean open;

    public VideoWriter(Path file, int width, int height, int fps, EncoderSettings settings) {
        this(file, width, height, fps, settings, false);
    }

    /** MP4 with {@code audio}: an AAC-LC stereo 48 kHz track (192 kbit/s), fed with {@link #writeAudio}. */
    public VideoWriter(Path file, int width, int height, int fps, EncoderSettings settings, boolean audio) {
        this(file, width, height, fps, settings, audio, OutputFormat.MP4);
    }

    public VideoWriter(
            Path file, int width, int height, int fps, EncoderSettings settings, boolean audio, OutputFormat format) {
        this.width = width;
        this.height = height;
        boolean sound = audio && format.hasAudio();
        recorder = new FFmpegFrameRecorder(file.toFile(), width, height, sound ? AudioTrack.CHANNELS : 0);
        recorder.setFormat(format.extension());
        recorder.setFrameRate(fps);
        recorder.setMetadata("comment", "i2v");
        if (sound) {
            recorder.setAudioCodec(format == OutputFormat.WEBM ? avcodec.AV_CODEC_ID_OPUS : avcodec.AV_CODEC_ID_AAC);
            recorder.setSampleRate(AudioTrack.RATE);
            recorder.setAudioBitrate(format == OutputFormat.WEBM ? 128_000 : 192_000);
        }
        switch (format) {
            case GIF -> {
                recorder.setVideoCodec(avcodec.AV_CODEC_ID_GIF);
                recorder.setPixelFormat(avutil.AV_PIX_FMT_RGB8);
            }
            case WEBM -> {
                recorder.setVideoCodecName("libvpx-vp9");
                recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                recorder.setGopSize(fps * 2);
                recorder.setVideoOption("crf", Integer.toString(settings.crf() + 14)); // VP9's scale runs higher
                recorder.setVideoOption("b", "0");
                recorder.setVideoOption("deadline", "realtime");
                recorder.setVideoOption("cpu-used", "8");
                recorder.setVideoOption("row-mt", "1");
                colour();
            }
            default -> {
                recorder.setVideoCodecName("libx264");
                recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                recorder.setGopSize(fps * 2);
                recorder.setVideoProfile(avcodec.AV_PROFILE_H264_HIGH);
                recorder.setVideoOption("profile", "high");
                recorder.setVideoOption("crf", Integer.toString(settings.crf()));
                recorder.setVideoOption("preset", settings.preset());
                recorder.setVideoOption("threads", Integer.toString(settings.threads()));
                colour();
                recorder.setOption("movflags", "+faststart");
            }
        }
    }

    private void colour() {
        recorder.setVideoOption("color_primaries", "bt709");
        recorder.setVideoOption("color_trc", "bt709");
        recorder.setVideoOption("colorspace", "bt709");
        recorder.setVideoOption("color_range", "tv");
    }

    public void start() throws FFmpegFrameRecorder.Exception {
        recorder.start();
        open = true;
    }

    /** {@code yuv}: Y, U, V planes, tightly packed, as {@link io.i2v.worker.render.Yuv420} writes them. */
    public void write(ByteBuffer yuv) throws FFmpegFrameRecorder.Exception {
        recorder.recordImage(width, height, Frame.DEPTH_UBYTE, 1, width, avutil.AV_PIX_FMT_YUV420P, yuv);
    }

    /** Interleaved 16-bit stereo samples at {@link AudioTrack#RATE}. */
    public void writeAudio(short[] samples, int from, int to) throws FFmpegFrameRecorder.Exception {
        if (to > from) {
            recorder.recordSamples(AudioTrack.RATE, AudioTrack.CHANNELS, ShortBuffer.wrap(samples, from, to - from));
        }
    }

    /** Any frame JavaCV can convert (used by the benchmark to encode ffmpeg filter output the same way). */
    public void write(Frame frame) throws FFmpegFrameRecorder.Exception {
        recorder.record(frame);
    }

    /** Flushes the encoder and writes the MP4 index. */
    public void finish() throws FFmpegFrameRecorder.Exception {
        recorder.stop();
        open = false;
    }

    @Override
    public void close() {
        try {
            if (open) {
                recorder.stop();
            }
            recorder.release();
        } catch (FFmpegFrameRecorder.Exception e) {
            // already failing; the caller reports the first error
        }
    }

    public record EncoderSettings(int crf, String preset, int threads) {}
}
