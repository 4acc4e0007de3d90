package io.i2v.worker.render;

import io.i2v.worker.media.VideoWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleConsumer;
import javax.imageio.ImageIO;

/**
 * Feeds a {@link FrameSource} to a writer with synthesis on its own thread, a few frames ahead
 * of the encoder, so drawing and encoding use both cores. The benchmark measures exactly this.
 */
public final class ClipEncoder {
    private static final int IN_FLIGHT = 4;

    private ClipEncoder() {}

    public static void encode(FrameSource frames, VideoWriter writer, DoubleConsumer progress) throws Exception {
        encode(frames, writer, null, 0, null, progress);
    }

    /**
     * As above, with {@code audio} (interleaved stereo at {@code rate}, the video's length, or null)
     * written alongside, a frame's worth after each frame, so the file interleaves from the start;
     * and the middle frame as a JPEG {@code poster} (or none), kept as it is drawn and written by the
     * drawing thread once every frame is drawn, while the encoder still works through the last ones.
     */
    public static void encode(
            FrameSource frames, VideoWriter writer, short[] audio, int rate, Path poster, DoubleConsumer progress)
            throws Exception {
        int count = frames.frameCount();
        int size = Yuv420.bufferSize(frames.width(), frames.height());
        BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(IN_FLIGHT);
        BlockingQueue<ByteBuffer> ready = new ArrayBlockingQueue<>(IN_FLIGHT);
        for (int i = 0; i < IN_FLIGHT; i++) {
            free.add(ByteBuffer.allocateDirect(size));
        }
        ExecutorService drawer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "i2v-frames");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<?> drawing = drawer.submit(() -> {
                byte[] frame = new byte[size];
                byte[] middle = null;
                for (int i = 0; i < count; i++) {
                    frames.render(i, frame);
                    if (poster != null && i == count / 2) {
                        middle = frame.clone();
                    }
                    ByteBuffer buffer = free.take();
                    buffer.put(0, frame);
                    ready.put(buffer);
                }
                if (middle != null) {
                    writePoster(middle, frames.width(), frames.height(), poster);
                }
                return null;
            });
            for (int i = 0; i < count; i++) {
                ByteBuffer buffer = take(ready, drawing);
                writer.write(buffer);
                free.put(buffer);
                if (audio != null) {
                    int fps = frames.fps();
                    int from = (int) ((long) i * rate / fps) * 2;
                    int to = i == count - 1 ? audio.length : (int) ((long) (i + 1) * rate / fps) * 2;
                    writer.writeAudio(audio, Math.min(from, audio.length), Math.min(to, audio.length));
                }
                if (i % 10 == 0) {
                    progress.accept((double) i / count);
                }
            }
            drawing.get();
            progress.accept(1);
        } finally {
            drawer.shutdownNow();
        }
    }

    private static void writePoster(byte[] yuv, int width, int height, Path poster) throws IOException {
        if (!ImageIO.write(Yuv420.toRgb(yuv, width, height), "jpg", poster.toFile())) {
            throw new IOException("no JPEG writer");
        }
    }

    private static ByteBuffer take(BlockingQueue<ByteBuffer> ready, Future<?> drawing) throws Exception {
        while (true) {
            ByteBuffer b = ready.poll(100, TimeUnit.MILLISECONDS);
            if (b != null) {
                return b;
            }
            if (drawing.isDone()) {
                drawing.get(); // rethrows the drawing thread's failure
                throw new IllegalStateException("frame synthesis ended early");
            }
        }
    }
}
