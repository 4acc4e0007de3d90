package io.i2v.nemosim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Encodes the simulator's "renders": by default real H.264 High, yuv420p MP4s with the index up
 * front, a moving gradient so frames differ; {@link SimScript.Output} gives what real exports
 * also are (Baseline, smaller, another rate, with sound, QuickTime named .mp4, corrupt).
 * One file per kind/size/rate/length, reused (the bench renders 500).
 */
final class Mp4Maker {
    private final Path dir;
    private final Map<String, Path> made = new ConcurrentHashMap<>();

    Mp4Maker(Path dir) {
        this.dir = dir;
    }

    synchronized Path video(int width, int height, int fps, long frames) throws IOException {
        return video(width, height, fps, frames, SimScript.Output.AS_ASKED);
    }

    /** The draft asked {@code width}x{@code height} at {@code fps}; {@code output} says what the export really is. */
    synchronized Path video(int width, int height, int fps, long frames, SimScript.Output output) throws IOException {
        String key = output.name().toLowerCase() + "-" + width + "x" + height + "@" + fps + "x" + frames;
        Path known = made.get(key);
        if (known != null && Files.exists(known)) {
            return known;
        }
        Files.createDirectories(dir);
        Path file = dir.resolve("render-" + key + ".mp4");
        if (output == SimScript.Output.CORRUPT) {
            corrupt(file);
        } else {
            encode(file, width, height, fps, frames, output);
        }
        made.put(key, file);
        return file;
    }

    private static void encode(Path file, int width, int height, int fps, long frames, SimScript.Output output)
            throws IOException {
        if (output == SimScript.Output.SMALLER) {
            width = even(width / 2);
            height = even(height / 2);
        }
        if (output == SimScript.Output.OTHER_FPS) {
            frames = Math.round(frames * 30.0 / fps);
            fps = 30;
        }
        boolean sound = output == SimScript.Output.WITH_AUDIO || output == SimScript.Output.MOV_IN_MP4;
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), width, height, sound ? 2 : 0)) {
            r.setFormat(output == SimScript.Output.MOV_IN_MP4 ? "mov" : "mp4");
            r.setVideoCodecName("libx264");
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(fps);
            if (output == SimScript.Output.BASELINE) {
                r.setVideoProfile(avcodec.AV_PROFILE_H264_CONSTRAINED_BASELINE);
                r.setVideoOption("profile", "baseline");
            } else {
                r.setVideoProfile(avcodec.AV_PROFILE_H264_HIGH);
                r.setVideoOption("profile", "high");
            }
            r.setVideoOption("preset", "veryfast");
            r.setVideoOption("crf", "28");
            r.setVideoOption("threads", "1");
            r.setVideoOption("colorspace", "bt709");
            if (output != SimScript.Output.MOV_IN_MP4) {
                r.setOption("movflags", "+faststart");
            }
            if (sound) {
                r.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                r.setSampleRate(44_100);
                r.setAudioBitrate(96_000);
            }
            r.start();
            ByteBuffer yuv = ByteBuffer.allocateDirect(width * height * 3 / 2);
            int samplesPerFrame = 44_100 / fps;
            short[] tone = new short[samplesPerFrame * 2];
            for (long f = 0; f < frames; f++) {
                yuv.clear();
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        yuv.put((byte) (40 + ((x + y + f * 4) % 160)));
                    }
                }
                for (int i = 0; i < width * height / 2; i++) {
                    yuv.put((byte) (128 + (i / width + f) % 40 - 20));
                }
                yuv.flip();
                r.recordImage(width, height, Frame.DEPTH_UBYTE, 1, width, avutil.AV_PIX_FMT_YUV420P, yuv);
                if (sound) {
                    for (int s = 0; s < samplesPerFrame; s++) {
                        short v = (short) (8000 * Math.sin(2 * Math.PI * 440 * (f * samplesPerFrame + s) / 44_100.0));
                        tone[2 * s] = v;
                        tone[2 * s + 1] = v;
                    }
                    r.recordSamples(44_100, 2, ShortBuffer.wrap(tone));
                }
            }
            r.stop();
        }
    }

    /** An MP4 file type box, then bytes that are no video at all. */
    private static void corrupt(Path file) throws IOException {
        byte[] bytes = new byte[16 * 1024];
        new Random(15).nextBytes(bytes);
        byte[] ftyp = {
            0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'm', 'p', '4', '1'
        };
        System.arraycopy(ftyp, 0, bytes, 0, ftyp.length);
        Files.write(file, bytes);
    }

    private static int even(int v) {
        return Math.max(2, v / 2 * 2);
    }
}
