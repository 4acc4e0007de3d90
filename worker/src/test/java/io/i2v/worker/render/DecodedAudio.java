package io.i2v.worker.render;

import java.io.IOException;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/** A video's sound track decoded to 48 kHz; the left channel is kept (no down-mix gain in the way). */
record DecodedAudio(String codec, short[] samples) {
    static final int RATE = 48_000;

    /** Null when the file has no audio stream. */
    static DecodedAudio of(Path file) throws IOException {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setSampleMode(FrameGrabber.SampleMode.SHORT);
            g.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
            g.setSampleRate(RATE);
            g.setAudioChannels(2);
            g.start();
            if (!g.hasAudio()) {
                g.stop();
                return null;
            }
            String codec = g.getAudioCodecName();
            short[] all = new short[RATE * 4];
            int n = 0;
            Frame f;
            while ((f = g.grabSamples()) != null) {
                ShortBuffer s = (ShortBuffer) f.samples[0];
                int len = s.remaining() / 2;
                if (n + len > all.length) {
                    all = Arrays.copyOf(all, (n + len) * 2);
                }
                for (int i = 0; i < len; i++) {
                    all[n + i] = s.get(s.position() + 2 * i);
                }
                n += len;
            }
            g.stop();
            return new DecodedAudio(codec, Arrays.copyOf(all, n));
        }
    }

    double seconds() {
        return samples.length / (double) RATE;
    }

    double rms(double from, double to) {
        int a = (int) (from * RATE);
        int b = Math.min(samples.length, (int) (to * RATE));
        double sum = 0;
        for (int i = a; i < b; i++) {
            sum += (double) samples[i] * samples[i];
        }
        return Math.sqrt(sum / Math.max(1, b - a));
    }
}
