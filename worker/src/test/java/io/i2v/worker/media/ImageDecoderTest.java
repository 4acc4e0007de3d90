package io.i2v.worker.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.core.error.I2vException;
import io.i2v.core.testing.TestImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every promised variant decodes to the picture a person would see: colours, orientation, whole. */
class ImageDecoderTest {
    @TempDir
    Path dir;

    final ImageDecoder decoder = new ImageDecoder(200_000_000L, 209_715_200L, 1920);

    @BeforeAll
    static void plugins() {
        ImageIO.scanForPlugins();
    }

    @Test
    void heicTileGridDecodesAsTheWholePictureNotOneTile() throws Exception {
        // 3 columns x 2 rows of 108x90 tiles, cropped to 320x176: like a phone's 512x512 grid
        BufferedImage src = quadrants(320, 176);
        BufferedImage seen = decode("grid.heic", HeifWriter.grid(src, 2, 3, 0, -1));
        assertEquals(320, seen.getWidth());
        assertEquals(176, seen.getHeight());
        assertColour(Color.RED, seen.getRGB(40, 40)); // top-left quadrant: tile (0,0)
        assertColour(Color.GREEN, seen.getRGB(280, 40)); // top-right: tile (0,2)
        assertColour(Color.BLUE, seen.getRGB(40, 150)); // bottom-left: tile (1,0)
        assertColour(Color.YELLOW, seen.getRGB(280, 150)); // bottom-right: tile (1,2)
    }

    @Test
    void heicGridRotationIsApplied() throws Exception {
        BufferedImage seen = decode("rot.heic", HeifWriter.grid(quadrants(320, 176), 2, 2, 1, -1));
        // irot 1 = 90° anti-clockwise: the top-right (green) quadrant ends up top-left
        assertEquals(176, seen.getWidth());
        assertEquals(320, seen.getHeight());
        assertColour(Color.GREEN, seen.getRGB(30, 30));
        assertColour(Color.RED, seen.getRGB(30, 290));
    }

    @Test
    void singleHeicImageWithMirrorDecodes() throws Exception {
        BufferedImage seen = decode("one.heic", HeifWriter.single(quadrants(160, 96), 0, 0));
        assertEquals(160, seen.getWidth());
        assertColour(Color.GREEN, seen.getRGB(20, 20)); // mirrored left-right
    }

    @Test
    void webpLossyLosslessAlphaAndAnimatedDecode() throws Exception {
        assertColour(
                Color.RED,
                decode("a.webp", TestInputs.webp(quadrants(160, 96), false, false))
                        .getRGB(20, 20));
        assertColour(
                Color.BLUE,
                decode("b.webp", TestInputs.webp(quadrants(160, 96), true, false))
                        .getRGB(20, 80));
        BufferedImage alpha = decode("c.webp", TestInputs.webp(TestInputs.halfTransparent(160, 96), true, true));
        assertColour(Color.RED, alpha.getRGB(20, 20));
        assertColour(Color.WHITE, alpha.getRGB(140, 20)); // transparent over white
        BufferedImage anim = decode("d.webp", TestInputs.animatedWebp(quadrants(160, 96), solid(160, 96, Color.BLUE)));
        assertColour(Color.RED, anim.getRGB(20, 20)); // the first frame
    }

    @Test
    void pngVariantsDecode() throws Exception {
        assertColour(
                Color.RED, decode("a.png", TestInputs.png16(quadrants(160, 96))).getRGB(20, 20));
        assertColour(
                Color.YELLOW,
                decode("b.png", TestInputs.pngPalette(quadrants(160, 96))).getRGB(150, 90));
        BufferedImage alpha = decode("c.png", TestInputs.png(TestInputs.halfTransparent(160, 96)));
        assertColour(Color.WHITE, alpha.getRGB(140, 20));
        BufferedImage gray = decode("d.png", TestInputs.pngGray16(160, 96));
        assertTrue((gray.getRGB(159, 50) & 255) > 240 && (gray.getRGB(0, 50) & 255) < 15);
        BufferedImage turned = decode("e.png", TestInputs.pngWithOrientation(quadrants(160, 96), 6));
        assertEquals(96, turned.getWidth());
        assertColour(Color.BLUE, turned.getRGB(10, 10)); // bottom-left comes to the top-left when turned clockwise
    }

    @Test
    void webpExifOrientationIsApplied() throws Exception {
        BufferedImage turned = decode("o.webp", TestInputs.webpWithOrientation(quadrants(160, 96), 8));
        assertEquals(96, turned.getWidth());
        assertEquals(160, turned.getHeight());
        assertColour(Color.GREEN, turned.getRGB(10, 10)); // turned counter-clockwise: top-right to top-left
    }

    @Test
    void wideGamutProfilesAreConvertedToSrgb() throws Exception {
        // a saturated P3 green lies outside sRGB: converted, red goes to 0 and green stays high
        BufferedImage green = solid(64, 64, new Color(0, 200, 0));
        BufferedImage asSrgb = decode("plain.jpg", TestInputs.jpeg(green));
        BufferedImage p3 = decode("p3.jpg", TestInputs.jpegWithProfile(green, TestInputs.profile("p3")));
        BufferedImage p3png = decode("p3.png", TestInputs.pngWithProfile(green, TestInputs.profile("p3")));
        int plain = asSrgb.getRGB(32, 32);
        int conv = p3.getRGB(32, 32);
        assertTrue((plain >> 16 & 255) < 10, "plain " + Integer.toHexString(plain));
        // Display P3 green (0,200,0) is sRGB ≈ (0, 208, 0) clipped; the blue and red channels stay low, green rises
        assertTrue((conv >> 8 & 255) > (plain >> 8 & 255) + 3, "p3 " + Integer.toHexString(conv));
        assertEquals(conv >> 8 & 255, p3png.getRGB(32, 32) >> 8 & 255, 3.0, "png iCCP is converted too");
        // a mid colour in Adobe RGB is more saturated in sRGB: (120,180,90) → about (82,180,83)
        BufferedImage olive = solid(64, 64, new Color(120, 180, 90));
        int adobe = decode("adobe.jpg", TestInputs.jpegWithProfile(olive, TestInputs.profile("adobe")))
                .getRGB(32, 32);
        assertEquals(82, adobe >> 16 & 255, 8.0, "adobe " + Integer.toHexString(adobe));
        // WEBP (ICCP chunk) and HEIC (colr prof) profiles are converted as well
        int webp = decode("p3.webp", TestInputs.webpWithProfile(green, TestInputs.profile("p3")))
                .getRGB(32, 32);
        int plainWebp =
                decode("plain.webp", TestInputs.webp(green, false, false)).getRGB(32, 32);
        assertTrue((webp >> 8 & 255) > (plainWebp >> 8 & 255) + 2, Integer.toHexString(webp));
        int heic = decode(
                        "p3.heic",
                        HeifWriter.withProfile(green, TestInputs.profile("p3").getData()))
                .getRGB(32, 32);
        int plainHeic = decode("plain.heic", HeifWriter.single(green, 0, -1)).getRGB(32, 32);
        assertTrue(
                (heic >> 8 & 255) > (plainHeic >> 8 & 255) + 2,
                Integer.toHexString(heic) + " vs " + Integer.toHexString(plainHeic));
    }

    @Test
    void cmykAndProgressiveJpegsDecode() throws Exception {
        assertColour(
                Color.RED,
                decode("p.jpg", TestInputs.progressiveJpeg(quadrants(160, 96))).getRGB(20, 20));
        BufferedImage cmyk = decode("c.jpg", TestInputs.cmykJpeg(64, 32));
        assertEquals(64, cmyk.getWidth());
    }

    @Test
    void samplePhotoCutToAThirdIsCorruptNotHalfGrey() throws Exception {
        byte[] photo = TestImages.sample("ladybird.jpg");
        assertTrue(decode("whole.jpg", photo).getWidth() > 0, "the whole photo decodes");
        assertCorrupt("third.jpg", TestImages.cut(photo, 1, 3), "truncated");
        assertCorrupt("half.jpg", TestImages.cut(photo, 1, 2), "truncated");
        assertCorrupt("most.jpg", TestImages.cut(photo, 49, 50), "truncated");
    }

    @Test
    void jpegWithAnEndMarkerButMissingScanDataIsCorruptFromTheDecodersWarning() throws Exception {
        // structurally complete (the end marker is there), yet two thirds of the picture are missing:
        // ImageIO paints them grey and only says so in a warning
        byte[] photo = TestImages.sample("ladybird.jpg");
        byte[] patched = TestInputs.concat(TestImages.cut(photo, 1, 3), new byte[] {(byte) 0xFF, (byte) 0xD9});
        assertCorrupt("patched.jpg", patched, "the decoder reported");
    }

    @Test
    void truncatedPngWebpAndHeicAreCorrupt() throws Exception {
        BufferedImage sample = ImageIO.read(new ByteArrayInputStream(TestImages.sample("ladybird.jpg")));
        byte[] png = TestInputs.png(sample);
        for (int third = 1; third <= 2; third++) {
            assertCorrupt("cut.png", TestImages.cut(png, third, 3), "PNG file is truncated");
        }
        byte[] webp = TestInputs.webp(quadrants(320, 176), false, false);
        assertCorrupt("cut.webp", TestImages.cut(webp, 1, 3), "WEBP file is truncated");
        assertCorrupt(
                "cut-lossless.webp",
                TestImages.cut(TestInputs.webp(quadrants(320, 176), true, false), 2, 3),
                "WEBP file is truncated");
        byte[] heic = HeifWriter.grid(quadrants(320, 176), 2, 3, 0, -1);
        for (int third = 1; third <= 2; third++) {
            assertCorrupt("cut.heic", TestImages.cut(heic, third, 3), "");
        }
        assertCorrupt("cut-single.heic", TestImages.cut(HeifWriter.single(quadrants(160, 96), 0, 0), 9, 10), "");
    }

    private void assertCorrupt(String name, byte[] bytes, String messagePart) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        I2vException e = assertThrows(I2vException.class, () -> decoder.decode(file), name);
        assertEquals("corrupt_image", e.code().code(), name + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), name + ": " + e.getMessage());
    }

    @Test
    void decompressionBombIsRefusedFromTheHeader() throws Exception {
        Path bomb = dir.resolve("bomb.png");
        Files.write(bomb, TestInputs.pngDeclaring(100_000, 100_000));
        I2vException e = assertThrows(I2vException.class, () -> decoder.decode(bomb));
        assertEquals("image_too_large", e.code().code());
    }

    @Test
    void heicGridWhoseTilesHoldMoreThanItsHeaderSaysIsRefused() throws Exception {
        // the grid's ispe says 320x176 (56 kP), but 6 tiles of 108x88 are 57 kP: the tile total decides
        Path f = dir.resolve("liar.heic");
        Files.write(f, HeifWriter.grid(quadrants(320, 176), 2, 3, 0, -1));
        I2vException e = assertThrows(I2vException.class, () -> new ImageDecoder(56_500, 1 << 30, 1920).decode(f));
        assertEquals("image_too_large", e.code().code());
        assertEquals(320, new ImageDecoder(60_000, 1 << 30, 1920).decode(f).getWidth());
    }

    @Test
    void largeImagesAreDecodedSubsampled() throws Exception {
        BufferedImage seen = decode("big.png", TestInputs.png(quadrants(8000, 400)));
        assertEquals(4000, seen.getWidth(), "8000 px wide for a 1920 output: read every 2nd pixel");
    }

    BufferedImage decode(String name, byte[] bytes) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        BufferedImage img = decoder.decode(f);
        assertEquals(BufferedImage.TYPE_INT_RGB, img.getType());
        return img;
    }

    /** Red top-left, green top-right, blue bottom-left, yellow bottom-right. */
    static BufferedImage quadrants(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, w / 2, h / 2);
        g.setColor(Color.GREEN);
        g.fillRect(w / 2, 0, w - w / 2, h / 2);
        g.setColor(Color.BLUE);
        g.fillRect(0, h / 2, w / 2, h - h / 2);
        g.setColor(Color.YELLOW);
        g.fillRect(w / 2, h / 2, w - w / 2, h - h / 2);
        g.dispose();
        return img;
    }

    static BufferedImage solid(int w, int h, Color c) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    static void assertColour(Color expected, int rgb) {
        int r = rgb >> 16 & 255;
        int g = rgb >> 8 & 255;
        int b = rgb & 255;
        int d = Math.abs(r - expected.getRed()) + Math.abs(g - expected.getGreen()) + Math.abs(b - expected.getBlue());
        assertTrue(d < 60, "expected " + expected + " got rgb(" + r + "," + g + "," + b + ")");
    }
}
