package io.i2v.worker.media;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Music prepared for a video: decoded with FFmpeg to 48 kHz stereo 16-bit, looped or trimmed
 * to exactly the video's length, scaled to the volume, with a short fade-in against clicks and
 * a fade-out at the end. Held in memory (10 s is under 2 MB).
 */
public final class AudioTrack {
    public static final int RATE = 48_000;
    public static final int CHANNELS = 2;

    private AudioTrack() {}

    /** Interleaved stereo samples, {@code seconds} long. */
    public static short[] prepare(Path file, double seconds, int volumePercent, double fadeOutSeconds) {
        short[] decoded = decode(file);
        int total = (int) Math.round(seconds * RATE) * CHANNELS;
        short[] out = new short[total];
        if (decoded.length == 0) {
            throw new I2vException(ErrorCode.CORRUPT_IMAGE, "the audio file holds no sound");
        }
        for (int i = 0; i < total; i += decoded.length) {
            System.arraycopy(decoded, 0, out, i, Math.min(decoded.length, total - i));
        }
        double gain = volumePercent / 100.0;
        int frames = total / CHANNELS;
        int fadeIn = RATE / 50;
        int fadeOut = (int) Math.round(fadeOutSeconds * RATE);
        for (int f = 0; f < frames; f++) {
            double g = gain;
            if (f < fadeIn) {
                g *= (double) f / fadeIn;
            }
            int left = frames - 1 - f;
            if (fadeOut > 0 && left < fadeOut) {
                // equal-power curve: sounds even, reaches silence on the last sample
                g *= Math.sin(Math.PI / 2 * left / fadeOut);
            }
            for (int c = 0; c < CHANNELS; c++) {
                int i = f * CHANNELS + c;
                out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(out[i] * g)));
            }
        }
        return out;
    }

    static short[] decode(Path file) {
        int channels = channels(file);
        // mono is duplicated here at full level (FFmpeg's up-mix would lower it by 3 dB); more than two
        // channels are mixed down to stereo by FFmpeg
        int decodeAs = channels == 1 ? 1 : CHANNELS;
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setSampleMode(FrameGrabber.SampleMode.SHORT);
            g.setSampleRate(RATE);
            g.setAudioChannels(decodeAs);
            g.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
            g.start();
            short[] all = new short[RATE * CHANNELS * 10];
            int n = 0;
            Frame f;
            // at most ten minutes: longer music is trimmed anyway
            while ((f = g.grabSamples()) != null && n < RATE * CHANNELS * 600) {
                ShortBuffer s = (ShortBuffer) f.samples[0];
                int len = s.remaining();
                int stereo = decodeAs == 1 ? len * 2 : len;
                if (n + stereo > all.length) {
                    all = Arrays.copyOf(all, Math.max(all.length * 2, n + stereo));
                }
                if (decodeAs == 1) {
                    for (int i = 0; i < len; i++) {
                        short v = s.get(s.position() + i);
                        all[n + 2 * i] = v;
                        all[n + 2 * i + 1] = v;
                    }
                } else {
                    s.get(all, n, len);
                }
                n += stereo;
            }
            g.stop();
            return Arrays.copyOf(all, n);
        } catch (FrameGrabber.Exception e) {
            throw new I2vException(ErrorCode.CORRUPT_IMAGE, "the audio file cannot be decoded: " + e.getMessage());
        }
    }

    private static int channels(Path file) {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            int c = g.hasAudio() ? g.getAudioChannels() : 0;
            g.stop();
            if (c <= 0) {
                throw new I2vException(ErrorCode.CORRUPT_IMAGE, "the audio file has no audio stream");
            }
            return c;
        } catch (FrameGrabber.Exception e) {
            throw new I2vException(ErrorCode.CORRUPT_IMAGE, "the audio file cannot be decoded: " + e.getMessage());
        }
    }
}
