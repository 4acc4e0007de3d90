package io.i2v.worker.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.i2v.core.testing.TestImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A phone photo stored sideways with an EXIF orientation comes out the way it was taken. */
class ExifOrientationTest {
    @TempDir
    Path dir;

    /** 80x40: red left half, blue right half. */
    static BufferedImage halves() {
        BufferedImage img = new BufferedImage(80, 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 40, 40);
        g.setColor(Color.BLUE);
        g.fillRect(40, 0, 40, 40);
        g.dispose();
        return img;
    }

    @Test
    void orientation6IsTurnedClockwiseThroughTheRealDecoder() throws Exception {
        Path file = dir.resolve("phone.jpg");
        Files.write(file, withOrientation(TestImages.encode(halves(), "jpg"), 6, false));
        assertEquals(6, ExifOrientation.read(file));
        BufferedImage seen = new ImageDecoder(200_000_000L, 1920).decode(file);
        assertEquals(40, seen.getWidth());
        assertEquals(80, seen.getHeight());
        assertRed(seen.getRGB(20, 10)); // the left (red) half is now on top
        assertBlue(seen.getRGB(20, 70));
    }

    @Test
    void everyOrientationPutsTheRedHalfWhereExifSays() {
        BufferedImage src = halves();
        // where the source's top-left corner (red) ends up, for each value
        assertRed(ExifOrientation.apply(src, 2).getRGB(75, 5));
        assertRed(ExifOrientation.apply(src, 3).getRGB(75, 35));
        assertRed(ExifOrientation.apply(src, 4).getRGB(5, 35));
        assertRed(ExifOrientation.apply(src, 5).getRGB(5, 5));
        assertRed(ExifOrientation.apply(src, 6).getRGB(35, 5));
        assertRed(ExifOrientation.apply(src, 7).getRGB(35, 75));
        assertRed(ExifOrientation.apply(src, 8).getRGB(5, 75));
        assertEquals(src, ExifOrientation.apply(src, 1));
    }

    @Test
    void bigEndianExifAndMissingTagsAreHandled() throws Exception {
        Path be = dir.resolve("be.jpg");
        Files.write(be, withOrientation(TestImages.jpeg(64, 32), 8, true));
        assertEquals(8, ExifOrientation.read(be));
        Path plain = dir.resolve("plain.jpg");
        Files.write(plain, TestImages.jpeg(64, 32));
        assertEquals(1, ExifOrientation.read(plain));
    }

    /** Inserts an APP1 "Exif" segment with one IFD0 entry (Orientation) right after SOI. */
    static byte[] withOrientation(byte[] jpeg, int orientation, boolean bigEndian) {
        ByteBuffer tiff = ByteBuffer.allocate(26).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        tiff.put(bigEndian ? (byte) 'M' : (byte) 'I')
                .put(bigEndian ? (byte) 'M' : (byte) 'I')
                .putShort((short) 42)
                .putInt(8)
                .putShort((short) 1)
                .putShort((short) 0x0112)
                .putShort((short) 3)
                .putInt(1)
                .putShort((short) orientation)
                .putShort((short) 0)
                .putInt(0);
        byte[] exif = new byte[6 + tiff.capacity()];
        System.arraycopy("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), 0, exif, 0, 6);
        System.arraycopy(tiff.array(), 0, exif, 6, tiff.capacity());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        out.write(0xFF);
        out.write(0xE1);
        int len = exif.length + 2;
        out.write(len >> 8);
        out.write(len & 0xff);
        out.writeBytes(exif);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static void assertRed(int rgb) {
        assertEquals(
                true, ((rgb >> 16) & 255) > 200 && (rgb & 255) < 60, "expected red, got " + Integer.toHexString(rgb));
    }

    private static void assertBlue(int rgb) {
        assertEquals(
                true, (rgb & 255) > 200 && ((rgb >> 16) & 255) < 60, "expected blue, got " + Integer.toHexString(rgb));
    }
}
