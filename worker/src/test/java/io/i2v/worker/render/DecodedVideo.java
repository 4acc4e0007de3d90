package io.i2v.worker.render;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/** Every frame of a (small) video as 4:2:0 planes, as a player decodes them. */
record DecodedVideo(int width, int height, double fps, double durationSeconds, List<byte[]> frames) {

    static DecodedVideo of(Path file) throws IOException {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setImageMode(FrameGrabber.ImageMode.RAW);
            g.start();
            List<byte[]> frames = new ArrayList<>();
            int w = g.getImageWidth();
            int h = g.getImageHeight();
            Frame f;
            while ((f = g.grabImage()) != null) {
                AVFrame pic = (AVFrame) f.opaque;
                if (pic.format() != avutil.AV_PIX_FMT_YUV420P) {
                    throw new IOException("decoded as pixel format " + pic.format() + ", not yuv420p");
                }
                byte[] yuv = new byte[Yuv420.bufferSize(w, h)];
                int o = 0;
                for (int p = 0; p < 3; p++) {
                    int pw = p == 0 ? w : w / 2;
                    int ph = p == 0 ? h : h / 2;
                    BytePointer data = pic.data(p);
                    int stride = pic.linesize(p);
                    for (int r = 0; r < ph; r++) {
                        data.position((long) r * stride).get(yuv, o, pw);
                        o += pw;
                    }
                }
                frames.add(yuv);
            }
            double fps = g.getFrameRate();
            double duration = g.getLengthInTime() / 1e6;
            g.stop();
            return new DecodedVideo(w, h, fps, duration, frames);
        }
    }

    byte[] at(double seconds) {
        return frames.get((int) Math.min(frames.size() - 1, Math.round(seconds * fps)));
    }

    /** Centre (x, y, normalised) and pixel count of the pixels whose Cr is above {@code minCr}: a red subject. */
    double[] redBlob(byte[] yuv) {
        int cw = width / 2;
        int ch = height / 2;
        int v = width * height + cw * ch;
        double sx = 0, sy = 0;
        int n = 0;
        int minX = Integer.MAX_VALUE, maxX = -1, minY = Integer.MAX_VALUE, maxY = -1;
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                if ((yuv[v + y * cw + x] & 0xff) > 185) {
                    sx += x + 0.5;
                    sy += y + 0.5;
                    n++;
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return n == 0
                ? new double[] {Double.NaN, Double.NaN, 0, 0, 0, 0, 0}
                : new double[] {sx / n / cw, sy / n / ch, n * 4, minX, maxX, minY, maxY};
    }

    /** Mean luma of a rectangle (pixels). */
    double meanLuma(byte[] yuv, int x0, int y0, int x1, int y1) {
        long s = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                s += yuv[y * width + x] & 0xff;
            }
        }
        return (double) s / ((long) (x1 - x0) * (y1 - y0));
    }

    /** Pixels brighter than near-white (Y > 200) in a rectangle. */
    int brightPixels(byte[] yuv, int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if ((yuv[y * width + x] & 0xff) > 200) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Mean Cb and Cr of the whole frame. */
    double[] meanChroma(byte[] yuv) {
        int c = (width / 2) * (height / 2);
        long u = 0, v = 0;
        for (int i = 0; i < c; i++) {
            u += yuv[width * height + i] & 0xff;
            v += yuv[width * height + c + i] & 0xff;
        }
        return new double[] {(double) u / c, (double) v / c};
    }
}
