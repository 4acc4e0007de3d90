package io.i2v.worker.media;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * H.264 High, yuv420p, BT.709 limited range, MP4 with the index up front ({@code +faststart})
 * so playback starts before the download ends. Frames arrive as ready-made YUV 4:2:0 planes;
 * music, when there is any, as 16-bit PCM that is encoded to AAC.
 */
public final class H264Writer implements AutoCloseable {
    private final FFmpegFrameRecorder recorder;
    private final int width;
    private final int height;
    private boolean open;

    public H264Writer(Path file, int width, int height, int fps, EncoderSettings settings) {
        this(file, width, height, fps, settings, false);
    }

    /** With {@code audio}, an AAC-LC stereo 48 kHz track (192 kbit/s) is added; feed it with {@link #writeAudio}. */
    public H264Writer(Path file, int width, int height, int fps, EncoderSettings settings, boolean audio) {
        this.width = width;
        this.height = height;
        recorder = new FFmpegFrameRecorder(file.toFile(), width, height, audio ? AudioTrack.CHANNELS : 0);
        if (audio) {
            recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            recorder.setSampleRate(AudioTrack.RATE);
            recorder.setAudioBitrate(192_000);
        }
        recorder.setFormat("mp4");
        recorder.setVideoCodecName("libx264");
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        recorder.setGopSize(fps * 2);
        recorder.setVideoProfile(avcodec.AV_PROFILE_H264_HIGH);
        recorder.setVideoOption("profile", "high");
        recorder.setVideoOption("crf", Integer.toString(settings.crf()));
        recorder.setVideoOption("preset", settings.preset());
        recorder.setVideoOption("threads", Integer.toString(settings.threads()));
        recorder.setVideoOption("color_primaries", "bt709");
        recorder.setVideoOption("color_trc", "bt709");
        recorder.setVideoOption("colorspace", "bt709");
        recorder.setVideoOption("color_range", "tv");
        recorder.setOption("movflags", "+faststart");
        recorder.setMetadata("comment", "i2v");
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
            recorder.recordSamples(AudioTrack.RATE, AudioTrack.CHANNELS,
                    java.nio.ShortBuffer.wrap(samples, from, to - from));
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

    public record EncoderSettings(int crf, String preset, int threads) {
    }
}
