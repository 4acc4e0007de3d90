package io.i2v.worker.media;

import io.i2v.core.testing.TestImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Every input variant the service promises, made in code with real encoders (ImageIO, libwebp
 * and libx265 from the bundled FFmpeg) plus hand-written container bytes where a variant needs
 * a chunk no encoder here writes (EXIF in PNG/WEBP, ICC profiles, a bomb's header).
 */
public final class TestInputs {
    private TestInputs() {}

    /** 160x90 marker image: red left third, green middle, blue right; a white stripe at the top. */
    public static BufferedImage marker(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, w / 3, h);
        g.setColor(Color.GREEN);
        g.fillRect(w / 3, 0, w / 3, h);
        g.setColor(Color.BLUE);
        g.fillRect(2 * w / 3, 0, w - 2 * w / 3, h);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h / 8);
        g.dispose();
        return img;
    }

    public static byte[] jpeg(BufferedImage img) {
        return TestImages.encode(img, "jpg");
    }

    public static byte[] progressiveJpeg(BufferedImage img) {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                writer.setOutput(ios);
                ImageWriteParam p = writer.getDefaultWriteParam();
                p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
                writer.write(null, new IIOImage(img, null, null), p);
            }
            writer.dispose();
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JPEG whose EXIF says how to turn it (1..8). */
    public static byte[] jpegWithOrientation(BufferedImage img, int orientation) {
        byte[] jpeg = jpeg(img);
        byte[] app1 = concat(ascii("Exif\0\0"), tiffWithOrientation(orientation));
        byte[] segment = concat(
                new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) ((app1.length + 2) >> 8), (byte) (app1.length + 2)}, app1);
        return concat(Arrays.copyOf(jpeg, 2), segment, Arrays.copyOfRange(jpeg, 2, jpeg.length));
    }

    /** A JPEG with an embedded ICC profile (APP2), its pixels meant in that profile's colours. */
    public static byte[] jpegWithProfile(BufferedImage img, ICC_Profile profile) {
        byte[] jpeg = jpeg(img);
        byte[] app2 = concat(ascii("ICC_PROFILE\0"), new byte[] {1, 1}, profile.getData());
        byte[] segment = concat(
                new byte[] {(byte) 0xFF, (byte) 0xE2, (byte) ((app2.length + 2) >> 8), (byte) (app2.length + 2)}, app2);
        return concat(Arrays.copyOf(jpeg, 2), segment, Arrays.copyOfRange(jpeg, 2, jpeg.length));
    }

    /** A four-channel (CMYK) JPEG as print workflows write it. */
    public static byte[] cmykJpeg(int w, int h) {
        try {
            WritableRaster raster = WritableRaster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    // left half cyan-free red (C=0,M=255,Y=255 → inverted 255,0,0), right half white
                    boolean left = x < w / 2;
                    raster.setPixel(x, y, left ? new int[] {255, 0, 0, 255} : new int[] {255, 255, 255, 255});
                }
            }
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                writer.setOutput(ios);
                writer.write(null, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
            }
            writer.dispose();
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static BufferedImage decodeJpeg(byte[] jpeg) {
        try {
            return ImageIO.read(new ByteArrayInputStream(jpeg));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] png(BufferedImage img) {
        return TestImages.encode(img, "png");
    }

    public static byte[] png16(BufferedImage src) {
        ComponentColorModel cm = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster r = cm.createCompatibleWritableRaster(src.getWidth(), src.getHeight());
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                int p = src.getRGB(x, y);
                r.setPixel(x, y, new int[] {(p >> 16 & 255) * 257, (p >> 8 & 255) * 257, (p & 255) * 257});
            }
        }
        return png(new BufferedImage(cm, r, false, null));
    }

    public static byte[] pngGray16(int w, int h) {
        BufferedImage g = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                g.getRaster().setSample(x, y, 0, x * 65535 / Math.max(1, w - 1));
            }
        }
        return png(g);
    }

    public static byte[] pngPalette(BufferedImage src) {
        // red, green, blue, yellow
        byte[] r = {(byte) 255, 0, 0, (byte) 255};
        byte[] gr = {0, (byte) 255, 0, (byte) 255};
        byte[] b = {0, 0, (byte) 255, 0};
        BufferedImage idx = new BufferedImage(
                src.getWidth(), src.getHeight(), BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(2, 4, r, gr, b));
        idx.createGraphics().drawImage(src, 0, 0, null);
        return png(idx);
    }

    /** Left half opaque red, right half fully transparent. */
    public static BufferedImage halfTransparent(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, w / 2, h);
        g.dispose();
        return img;
    }

    /** A PNG with an eXIf chunk after IHDR. */
    public static byte[] pngWithOrientation(BufferedImage img, int orientation) {
        return insertPngChunk(png(img), "eXIf", tiffWithOrientation(orientation));
    }

    /** A PNG with an iCCP chunk: its pixels meant in that profile's colours. */
    public static byte[] pngWithProfile(BufferedImage img, ICC_Profile profile) {
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(z)) {
            d.write(profile.getData());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return insertPngChunk(png(img), "iCCP", concat(ascii("P3\0"), new byte[] {0}, z.toByteArray()));
    }

    /** A structurally valid PNG whose header declares w × h pixels of 8-bit RGB, with one tiny IDAT. */
    public static byte[] pngDeclaring(int w, int h) {
        ByteBuffer ihdr = ByteBuffer.allocate(13)
                .putInt(w)
                .putInt(h)
                .put((byte) 8)
                .put((byte) 2)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        Deflater def = new Deflater();
        def.setInput(new byte[1024]);
        def.finish();
        byte[] buf = new byte[2048];
        int n = def.deflate(buf);
        return concat(
                new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10},
                chunk("IHDR", ihdr.array()),
                chunk("IDAT", Arrays.copyOf(buf, n)),
                chunk("IEND", new byte[0]));
    }

    private static byte[] insertPngChunk(byte[] png, String type, byte[] data) {
        int afterIhdr = 8 + 25;
        return concat(Arrays.copyOf(png, afterIhdr), chunk(type, data), Arrays.copyOfRange(png, afterIhdr, png.length));
    }

    private static byte[] chunk(String type, byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(ascii(type));
        crc.update(data);
        return concat(
                ByteBuffer.allocate(4).putInt(data.length).array(),
                ascii(type),
                data,
                ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    public static byte[] gif(BufferedImage img) {
        return TestImages.encode(img, "gif");
    }

    /** WEBP by libwebp: lossy (yuv420p), lossless, or with alpha (lossless ARGB). */
    public static byte[] webp(BufferedImage img, boolean lossless, boolean alpha) {
        return webpFrames(new BufferedImage[] {img}, lossless, alpha, "libwebp");
    }

    /** An animated WEBP whose first frame is {@code first} and later frames are different. */
    public static byte[] animatedWebp(BufferedImage first, BufferedImage later) {
        return webpFrames(new BufferedImage[] {first, later, later}, false, false, "libwebp_anim");
    }

    private static byte[] webpFrames(BufferedImage[] frames, boolean lossless, boolean alpha, String codec) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(out, frames[0].getWidth(), frames[0].getHeight());
                Java2DFrameConverter conv = new Java2DFrameConverter()) {
            r.setFormat("webp");
            r.setVideoCodecName(codec);
            r.setPixelFormat(
                    alpha ? avutil.AV_PIX_FMT_BGRA : (lossless ? avutil.AV_PIX_FMT_BGRA : avutil.AV_PIX_FMT_YUV420P));
            r.setFrameRate(2);
            if (lossless) {
                r.setVideoOption("lossless", "1");
            }
            r.setVideoOption("quality", "90");
            r.setOption("loop", "0");
            r.start();
            for (BufferedImage f : frames) {
                BufferedImage src = new BufferedImage(
                        f.getWidth(),
                        f.getHeight(),
                        alpha ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
                src.createGraphics().drawImage(f, 0, 0, null);
                r.record(conv.convert(src), alpha ? avutil.AV_PIX_FMT_ABGR : avutil.AV_PIX_FMT_BGR24);
            }
            r.stop();
        } catch (Exception e) {
            throw new IllegalStateException("libwebp encode failed", e);
        }
        return out.toByteArray();
    }

    /** An AVIF still (libaom-av1 in the bundled FFmpeg; its avif muxer needs a seekable file). */
    public static byte[] avif(BufferedImage img) {
        try {
            File file = File.createTempFile("i2v-test", ".avif");
            try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file, img.getWidth(), img.getHeight());
                    Java2DFrameConverter conv = new Java2DFrameConverter()) {
                r.setFormat("avif");
                r.setVideoCodecName("libaom-av1");
                r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                r.setFrameRate(1);
                r.setVideoOption("still-picture", "1");
                r.setVideoOption("cpu-used", "8");
                r.setVideoOption("crf", "30");
                r.start();
                BufferedImage bgr = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
                bgr.createGraphics().drawImage(img, 0, 0, null);
                r.record(conv.convert(bgr), avutil.AV_PIX_FMT_BGR24);
                r.stop();
            }
            byte[] bytes = Files.readAllBytes(file.toPath());
            file.delete();
            return bytes;
        } catch (Exception e) {
            throw new IllegalStateException("AVIF encode failed", e);
        }
    }

    /** The pixels to store so that applying EXIF {@code orientation} shows {@code upright}. */
    public static BufferedImage storedFor(BufferedImage upright, int orientation) {
        int inverse = switch (orientation) {
            case 6 -> 8;
            case 8 -> 6;
            default -> orientation; // 1-5 and 7 are their own inverses
        };
        return ExifOrientation.apply(upright, inverse);
    }

    /** An extended WEBP with an ICCP chunk (VP8X flag 0x20) before the image. */
    public static byte[] webpWithProfile(BufferedImage img, ICC_Profile profile) {
        byte[] webp = webp(img, false, false);
        byte[] icc = profile.getData();
        byte[] chunk = concat(ascii("ICCP"), le(icc.length), icc, icc.length % 2 == 1 ? new byte[1] : new byte[0]);
        byte[] vp8x = concat(
                ascii("VP8X"), le(10), new byte[] {0x20, 0, 0, 0}, le24(img.getWidth() - 1), le24(img.getHeight() - 1));
        byte[] body = concat(ascii("WEBP"), vp8x, chunk, Arrays.copyOfRange(webp, 12, webp.length));
        return concat(ascii("RIFF"), le(body.length), body);
    }

    /** A WEBP with an EXIF chunk appended (extended format), as phones' converters write. */
    public static byte[] webpWithOrientation(BufferedImage img, int orientation) {
        byte[] webp = webp(img, false, false);
        byte[] exif = tiffWithOrientation(orientation);
        byte[] chunk = concat(ascii("EXIF"), le(exif.length), exif, exif.length % 2 == 1 ? new byte[1] : new byte[0]);
        // turn a simple (VP8 ) file into an extended one: VP8X with the EXIF flag, then the image, then EXIF
        byte[] vp8x = concat(
                ascii("VP8X"), le(10), new byte[] {0x08, 0, 0, 0}, le24(img.getWidth() - 1), le24(img.getHeight() - 1));
        byte[] body = concat(ascii("WEBP"), vp8x, Arrays.copyOfRange(webp, 12, webp.length), chunk);
        return concat(ascii("RIFF"), le(body.length), body);
    }

    /** A little-endian TIFF with one IFD entry: Orientation. */
    static byte[] tiffWithOrientation(int orientation) {
        ByteBuffer t = ByteBuffer.allocate(26).order(ByteOrder.LITTLE_ENDIAN);
        t.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        t.putShort((short) 1);
        t.putShort((short) 0x0112)
                .putShort((short) 3)
                .putInt(1)
                .putShort((short) orientation)
                .putShort((short) 0);
        t.putInt(0);
        return t.array();
    }

    /**
     * An RGB profile like sRGB but with other primaries: Display P3 or Adobe RGB (1998), the
     * colorant tags set to their D50-adapted primaries (ICC.1, as published for each space).
     */
    public static ICC_Profile profile(String name) {
        double[][] xyz = switch (name) {
            case "p3" -> new double[][] {{0.5151, 0.2412, -0.0011}, {0.2920, 0.6922, 0.0419}, {0.1571, 0.0666, 0.7841}};
            case "adobe" ->
                new double[][] {{0.6097, 0.3111, 0.0195}, {0.2053, 0.6257, 0.0609}, {0.1492, 0.0632, 0.7446}};
            default -> throw new IllegalArgumentException(name);
        };
        ICC_Profile p = ICC_Profile.getInstance(
                ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData());
        int[] tags = {
            ICC_Profile.icSigRedColorantTag, ICC_Profile.icSigGreenColorantTag, ICC_Profile.icSigBlueColorantTag
        };
        for (int i = 0; i < 3; i++) {
            ByteBuffer tag = ByteBuffer.allocate(20);
            tag.put(ascii("XYZ ")).putInt(0);
            for (double v : xyz[i]) {
                tag.putInt((int) Math.round(v * 65536));
            }
            p.setData(tags[i], tag.array());
        }
        return p;
    }

    private static byte[] le(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static byte[] le24(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16)};
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
