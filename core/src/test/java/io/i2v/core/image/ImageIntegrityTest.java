package io.i2v.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.core.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageIntegrityTest {
    private static final byte[] PHOTO = TestImages.sample("ladybird.jpg");

    @Test
    void wholeSamplePhotoIsWhole() {
        assertEquals(Optional.empty(), problem(PHOTO, ImageFormat.JPEG));
    }

    @Test
    void jpegCutAnywhereIsTruncated() {
        for (int[] at : new int[][] {{1, 3}, {1, 2}, {9, 10}, {1, 100}}) {
            Optional<String> p = problem(TestImages.cut(PHOTO, at[0], at[1]), ImageFormat.JPEG);
            assertTrue(p.isPresent(), "cut at " + at[0] + "/" + at[1]);
            assertTrue(p.get().startsWith("the JPEG file is truncated or damaged"), p.get());
        }
        assertTrue(
                problem(Arrays.copyOf(PHOTO, PHOTO.length - 1), ImageFormat.JPEG)
                        .isPresent(),
                "one byte short");
    }

    @Test
    void jpegWithBytesAfterItsEndIsWhole() {
        // cameras and editors append data (thumbnails, depth maps) after the main image's end marker
        byte[] withTail = Arrays.copyOf(PHOTO, PHOTO.length + 5000);
        assertEquals(Optional.empty(), problem(withTail, ImageFormat.JPEG));
    }

    @Test
    void pngCutAnywhereIsTruncated() throws Exception {
        byte[] png = TestImages.encode(ImageIO.read(new ByteArrayInputStream(PHOTO)), "png");
        assertEquals(Optional.empty(), problem(png, ImageFormat.PNG));
        for (int[] at : new int[][] {{1, 3}, {2, 3}, {99, 100}}) {
            Optional<String> p = problem(TestImages.cut(png, at[0], at[1]), ImageFormat.PNG);
            assertTrue(
                    p.isPresent() && p.get().startsWith("the PNG file is truncated"), "cut at " + at[0] + "/" + at[1]);
        }
        assertEquals(
                Optional.of("the PNG file is truncated or damaged: it ends before its IEND chunk"),
                problem(Arrays.copyOf(png, png.length - 12), ImageFormat.PNG));
    }

    @Test
    void pngWithADamagedChunkHeaderIsNotNamedByItsGarbage() throws Exception {
        byte[] png = TestImages.encode(ImageIO.read(new ByteArrayInputStream(PHOTO)), "png");
        byte[] damaged = Arrays.copyOf(png, png.length);
        // the first chunk after IHDR (8-byte signature, 25-byte IHDR): a huge length and a binary type
        int at = 8 + 25;
        damaged[at] = 0x7f;
        damaged[at + 4] = 0x02;
        damaged[at + 5] = (byte) 0xE1;
        assertEquals(
                Optional.of("the PNG file is truncated or damaged: it ends inside a chunk whose header is damaged"),
                problem(damaged, ImageFormat.PNG));
        assertEquals(
                Optional.of("the PNG file is truncated or damaged: it ends inside its IDAT chunk"),
                problem(Arrays.copyOf(png, png.length - 20), ImageFormat.PNG));
    }

    @Test
    void webpShorterThanItsHeaderSaysIsTruncated() {
        byte[] riff = new byte[100];
        System.arraycopy("RIFF".getBytes(), 0, riff, 0, 4);
        riff[4] = 92; // 92 + 8 = 100 bytes declared
        System.arraycopy("WEBP".getBytes(), 0, riff, 8, 4);
        assertEquals(Optional.empty(), problem(riff, ImageFormat.WEBP));
        assertEquals(
                Optional.of("the WEBP file is truncated or damaged: it has 33 of the 100 bytes its header declares"),
                problem(Arrays.copyOf(riff, 33), ImageFormat.WEBP));
    }

    private static Optional<String> problem(byte[] b, ImageFormat f) {
        return ImageIntegrity.problem(ByteBuffer.wrap(b), f);
    }
}
