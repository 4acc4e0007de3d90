package io.i2v.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.core.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageFormatTest {
    @Test
    void realJpegAndPngAreRecognisedFromTheirBytes() {
        assertEquals(Optional.of(ImageFormat.JPEG), ImageFormat.sniff(TestImages.jpeg(16, 16)));
        assertEquals(Optional.of(ImageFormat.PNG), ImageFormat.sniff(TestImages.png(16, 16)));
        assertEquals(Optional.of(ImageFormat.GIF), ImageFormat.sniff(TestImages.encode(TestImages.scene(8, 8), "gif")));
    }

    @Test
    void riffWebpAndIsoBmffBrandsAreRecognised() {
        assertEquals(Optional.of(ImageFormat.WEBP), ImageFormat.sniff(bytes("RIFF\0\0\0\0WEBPVP8 ")));
        assertEquals(Optional.of(ImageFormat.HEIC), ImageFormat.sniff(ftyp("heic", "mif1", "heic")));
        assertEquals(Optional.of(ImageFormat.HEIC), ImageFormat.sniff(ftyp("mif1", "mif1", "miaf")));
        assertEquals(Optional.of(ImageFormat.AVIF), ImageFormat.sniff(ftyp("mif1", "avif", "miaf")));
        assertTrue(ImageFormat.sniff(ftyp("isom", "iso2", "mp41")).isEmpty(), "an MP4 video is not an image");
    }

    @Test
    void musicFormatsAreRecognisedAsAudio() {
        assertEquals(Optional.of(ImageFormat.WAV), ImageFormat.sniff(bytes("RIFF\0\0\0\0WAVEfmt ")));
        assertEquals(Optional.of(ImageFormat.MP3), ImageFormat.sniff(bytes("ID3\u0004\0\0\0\0")));
        assertEquals(Optional.of(ImageFormat.MP3), ImageFormat.sniff(new byte[] {(byte) 0xFF, (byte) 0xFB, 0x50, 0}));
        assertEquals(Optional.of(ImageFormat.AAC), ImageFormat.sniff(new byte[] {(byte) 0xFF, (byte) 0xF1, 0x50, 0}));
        assertEquals(Optional.of(ImageFormat.M4A), ImageFormat.sniff(ftyp("M4A ", "M4A ", "mp42", "isom")));
        assertTrue(ImageFormat.MP3.audio() && ImageFormat.M4A.audio() && !ImageFormat.JPEG.audio());
    }

    @Test
    void textNamedLikeAPictureIsNotAnImage() {
        assertTrue(ImageFormat.sniff(bytes("hello, I am a .jpg")).isEmpty());
        assertTrue(ImageFormat.sniff(new byte[0]).isEmpty());
        assertTrue(ImageFormat.sniff(null).isEmpty());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] ftyp(String major, String... compatible) {
        int size = 16 + 4 * compatible.length;
        StringBuilder sb = new StringBuilder();
        sb.append((char) 0)
                .append((char) 0)
                .append((char) 0)
                .append((char) size)
                .append("ftyp")
                .append(major)
                .append("\0\0\0\0");
        for (String c : compatible) {
            sb.append(c);
        }
        return bytes(sb.toString());
    }
}
