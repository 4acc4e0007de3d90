package io.i2v.nemosim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Encodes the simulator's "renders": real H.264 High, yuv420p MP4s with the index up front, a
 * moving gradient so frames differ. One file per size/rate/length, reused (the bench renders 500).
 */
final class Mp4Maker {
    private final Path dir;
    private final Map<String, Path> made = new ConcurrentHashMap<>();

    Mp4Maker(Path dir) {
        this.dir = dir;
    }

    synchronized Path video(int width, int height, int fps, long frames) throws IOException {
        String key = width + "x" + height + "@" + fps + "x" + frames;
        Path known = made.get(key);
        if (known != null && Files.exists(known)) {
            return known;
        }
        Files.createDirectories(dir);
        Path file = dir.resolve("render-" + key + ".mp4");
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
            r.setFormat("mp4");
            r.setVideoCodecName("libx264");
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(fps);
            r.setVideoProfile(avcodec.AV_PROFILE_H264_HIGH);
            r.setVideoOption("profile", "high");
            r.setVideoOption("preset", "veryfast");
            r.setVideoOption("crf", "28");
            r.setVideoOption("threads", "1");
            r.setVideoOption("colorspace", "bt709");
            r.setOption("movflags", "+faststart");
            r.start();
            ByteBuffer yuv = ByteBuffer.allocateDirect(width * height * 3 / 2);
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
            }
            r.stop();
        }
        made.put(key, file);
        return file;
    }
}
