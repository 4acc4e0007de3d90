package io.i2v.worker.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * Measurements on decoded video: luma planes and SSIM. The global camera motion between consecutive
 * frames, and the jitter figure from it, are {@link MotionTrack}'s; each layer's own motion is
 * {@link LayerTrack}'s.
 */
public final class VideoMetrics {
    private VideoMetrics() {}

    /** Hands each decoded frame's luma (width x height bytes, no padding) to {@code sink}; returns the count. */
    public static int lumaFrames(Path video, Consumer<byte[]> sink) throws IOException {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            g.start();
            int n = 0;
            Frame f;
            while ((f = g.grabImage()) != null) {
                int w = f.imageWidth;
                int h = f.imageHeight;
                ByteBuffer buf = (ByteBuffer) f.image[0];
                int stride = f.imageStride;
                byte[] y = new byte[w * h];
                for (int r = 0; r < h; r++) {
                    buf.get(r * stride, y, r * w, w);
                }
                sink.accept(y);
                n++;
            }
            g.stop();
            return n;
        } catch (FFmpegFrameGrabber.Exception e) {
            throw new IOException("cannot decode " + video + ": " + e.getMessage(), e);
        }
    }

    /** SSIM of two luma planes: 8x8 windows every 4 pixels, constants of the original paper for 8-bit. */
    public static double ssim(byte[] a, byte[] b, int w, int h) {
        double c1 = Math.pow(0.01 * 255, 2);
        double c2 = Math.pow(0.03 * 255, 2);
        double sum = 0;
        int count = 0;
        for (int y = 0; y + 8 <= h; y += 4) {
            for (int x = 0; x + 8 <= w; x += 4) {
                long sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
                for (int j = 0; j < 8; j++) {
                    int o = (y + j) * w + x;
                    for (int i = 0; i < 8; i++) {
                        int p = a[o + i] & 0xff;
                        int q = b[o + i] & 0xff;
                        sa += p;
                        sb += q;
                        saa += p * p;
                        sbb += q * q;
                        sab += p * q;
                    }
                }
                double ma = sa / 64.0, mb = sb / 64.0;
                double va = saa / 64.0 - ma * ma, vb = sbb / 64.0 - mb * mb, cov = sab / 64.0 - ma * mb;
                sum += (2 * ma * mb + c1) * (2 * cov + c2) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
                count++;
            }
        }
        return sum / count;
    }
}
