package io.i2v.worker.media;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.image.ImageFormat;
import io.i2v.core.image.ImageIntegrity;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.jboss.logging.Logger;

/**
 * Decodes an input image in-process into what renderers expect: an sRGB {@code TYPE_INT_RGB}
 * image, turned the way it was taken, transparency composited over white, no larger than about
 * twice the output's long side. Checks, in order and before any pixel is decoded: the file size,
 * the format (from the bytes, never the name), the pixel count from the header (decompression
 * bombs). JPEG, PNG, GIF and WEBP go through ImageIO (subsampled while reading, so a 100 MP JPEG
 * never exists at full size); HEIC and AVIF through FFmpeg, tile grids composed whole.
 */
public final class ImageDecoder {
    private static final Logger LOG = Logger.getLogger(ImageDecoder.class);

    private final long maxPixels;
    private final long maxFileBytes;
    private final int usefulLongSide;

    /**
     * @param maxPixels      largest width × height accepted ({@code image_too_large} above)
     * @param maxFileBytes   largest file accepted ({@code file_too_large} above)
     * @param usefulLongSide the output's long side; the image is decoded at up to about twice this
     */
    public ImageDecoder(long maxPixels, long maxFileBytes, int usefulLongSide) {
        this.maxPixels = maxPixels;
        this.maxFileBytes = maxFileBytes;
        this.usefulLongSide = usefulLongSide;
    }

    public ImageDecoder(long maxPixels, int usefulLongSide) {
        this(maxPixels, Long.MAX_VALUE, usefulLongSide);
    }

    public BufferedImage decode(Path file) {
        checkSize(file);
        ImageFormat format = sniff(file);
        checkWhole(file, format);
        try {
            BufferedImage image = switch (format) {
                case HEIC, AVIF -> viaFfmpeg(file);
                default -> viaImageIo(file, format);
            };
            if (image == null) {
                throw corrupt(null);
            }
            return image;
        } catch (I2vException e) {
            throw e;
        } catch (OutOfMemoryError e) {
            throw new I2vException(ErrorCode.IMAGE_TOO_LARGE, "image needs more memory to decode than this worker has");
        } catch (Exception | LinkageError e) {
            // the cause stays in our log; callers get the stable code and a plain message
            LOG.infof(
                    "input %s not decodable: %s: %s",
                    file.getFileName(), e.getClass().getSimpleName(), e.getMessage());
            throw corrupt(e);
        }
    }

    public static ImageFormat sniff(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return ImageFormat.sniff(in.readNBytes(ImageFormat.SNIFF_BYTES))
                    .orElseThrow(() -> new I2vException(
                            ErrorCode.UNSUPPORTED_FORMAT,
                            "input is not a supported image; supported formats: " + ImageFormat.supportedList()));
        } catch (IOException e) {
            throw new I2vException(ErrorCode.CORRUPT_IMAGE, "input image could not be read");
        }
    }

    /** A truncated file is refused before decoding: decoders would paint the missing part grey. */
    private static void checkWhole(Path file, ImageFormat format) {
        Optional<String> problem;
        try (FileChannel ch = FileChannel.open(file)) {
            problem = ImageIntegrity.problem(ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()), format);
        } catch (IOException e) {
            throw new I2vException(ErrorCode.CORRUPT_IMAGE, "input image could not be read");
        }
        problem.ifPresent(p -> {
            throw new I2vException(ErrorCode.CORRUPT_IMAGE, "input image cannot be used: " + p);
        });
    }

    private void checkSize(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new I2vException(ErrorCode.CORRUPT_IMAGE, "input image could not be read");
        }
        if (size == 0) {
            throw new I2vException(ErrorCode.CORRUPT_IMAGE, "input image is empty (0 bytes)");
        }
        if (size > maxFileBytes) {
            throw new I2vException(
                    ErrorCode.FILE_TOO_LARGE, "image is " + size + " bytes; the limit is " + maxFileBytes + " bytes");
        }
    }

    private BufferedImage viaImageIo(Path file, ImageFormat format) throws IOException {
        try (ImageInputStream in =
                format == ImageFormat.WEBP ? unknownLength(file) : ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new I2vException(
                        ErrorCode.UNSUPPORTED_FORMAT,
                        "no decoder for this " + format + " variant; supported formats: "
                                + ImageFormat.supportedList());
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                // a decoder warning ("Premature end of JPEG file", a bad chunk) means part of the picture is made up
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                checkPixels(w, h);
                ImageReadParam param = reader.getDefaultReadParam();
                int step = subsampling(w, h);
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                BufferedImage image;
                try {
                    image = reader.read(0, param);
                } catch (IIOException e) {
                    if (format != ImageFormat.JPEG
                            || !String.valueOf(e.getMessage()).contains("Unsupported Image Type")) {
                        throw e;
                    }
                    image = Cmyk.toRgb(reader.readRaster(0, param)); // CMYK/YCCK JPEG: ImageIO gives raw samples
                }
                if (!warnings.isEmpty()) {
                    LOG.infof("input %s decoded with warnings: %s", file.getFileName(), warnings);
                    throw new I2vException(
                            ErrorCode.CORRUPT_IMAGE,
                            "input image is damaged: the decoder reported "
                                    + String.join(
                                            "; ", warnings.stream().limit(3).toList()));
                }
                BufferedImage rgb = Colour.applyProfile(Colour.toSrgb(image), file, format);
                return ExifOrientation.apply(rgb, ExifOrientation.read(file, format));
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * The WEBP reader refuses a file that expands more than 2048:1 when it knows the length — a
     * bomb guard that also refuses honest lossless graphics (a flat 480x320 logo is 72 bytes).
     * Our guard is the pixel limit, checked from the header first; the reader then only applies
     * its memory-based cap for streams of unknown length.
     */
    private static ImageInputStream unknownLength(Path file) throws IOException {
        return new FileImageInputStream(file.toFile()) {
            @Override
            public long length() {
                return -1;
            }
        };
    }

    private BufferedImage viaFfmpeg(Path file) throws Exception {
        Optional<HeifInfo> info = HeifInfo.read(file);
        double scale = 1;
        if (info.isPresent()) {
            checkPixels(info.get().width(), info.get().height());
            scale = scale(info.get().width(), info.get().height());
        } else {
            // no readable item header: let FFmpeg size it, but still before decoding a frame
            try (FFmpegFrameGrabber probe = new FFmpegFrameGrabber(file.toFile())) {
                probe.start();
                checkPixels(probe.getImageWidth(), probe.getImageHeight());
                scale = scale(probe.getImageWidth(), probe.getImageHeight());
            }
        }
        BufferedImage image = HeifDecoder.decode(file, scale, maxPixels);
        if (image == null || info.isEmpty()) {
            return image;
        }
        if (info.get().icc() != null) {
            image = Colour.convert(image, info.get().icc());
        }
        BufferedImage turned = switch (info.get().quarterTurnsCcw()) {
            case 1 -> ExifOrientation.apply(image, 8);
            case 2 -> ExifOrientation.apply(image, 3);
            case 3 -> ExifOrientation.apply(image, 6);
            default -> image;
        };
        return switch (info.get().mirror()) {
            case 0 -> ExifOrientation.apply(turned, 2);
            case 1 -> ExifOrientation.apply(turned, 4);
            default -> turned;
        };
    }

    private void checkPixels(int w, int h) {
        if (w <= 0 || h <= 0) {
            throw corrupt(null);
        }
        if ((long) w * h > maxPixels) {
            throw new I2vException(
                    ErrorCode.IMAGE_TOO_LARGE,
                    "image is " + w + "x" + h + " (" + ((long) w * h / 1_000_000) + " MP); the limit is "
                            + (maxPixels / 1_000_000) + " MP");
        }
    }

    /** Whole-pixel subsampling that still leaves at least twice the useful size. */
    private int subsampling(int w, int h) {
        int longSide = Math.max(w, h);
        return Math.max(1, longSide / (usefulLongSide * 2));
    }

    private double scale(int w, int h) {
        return 1.0 / subsampling(w, h);
    }

    private static I2vException corrupt(Throwable cause) {
        return new I2vException(
                ErrorCode.CORRUPT_IMAGE,
                "input image is damaged or truncated and cannot be decoded",
                cause instanceof Exception e ? e : null);
    }
}
