package io.i2v.worker.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quick output check reads what a full decode reads, and refuses a video with frames missing or damaged. */
class VideoCheckTest {
    @TempDir
    Path dir;

    private Path video(int frames) throws Exception {
        int w = 320;
        int h = 180;
        Path file = dir.resolve("clip-" + frames + ".mp4");
        try (VideoWriter writer =
                new VideoWriter(file, w, h, 30, new VideoWriter.EncoderSettings(18, "superfast", 0))) {
            writer.start();
            ByteBuffer yuv = ByteBuffer.allocateDirect(w * h * 3 / 2);
            for (int i = 0; i < frames; i++) {
                for (int p = 0; p < yuv.capacity(); p++) {
                    yuv.put(p, (byte) (p < w * h ? (p % w + i * 3) & 0xff : 128)); // a moving ramp
                }
                writer.write(yuv);
            }
            writer.finish();
        }
        return file;
    }

    @Test
    void quickCheckReadsWhatAFullDecodeReads() throws Exception {
        Path file = video(95);
        assertEquals(VideoProbe.probe(file), VideoProbe.check(file));
        assertEquals(95, VideoProbe.check(file).frames());
    }

    @Test
    void videoCutShortIsRefusedThoughItsIndexListsEveryFrame() throws Exception {
        Path file = video(95);
        byte[] whole = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.mp4"); // the index is up front (faststart): cutting the tail loses frames only
        Files.write(cut, Arrays.copyOf(whole, whole.length * 2 / 3));
        assertThrows(IOException.class, () -> VideoProbe.check(cut));
    }
}
