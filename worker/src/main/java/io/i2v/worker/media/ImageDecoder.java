package io.i2v.worker.media;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.image.ImageFormat;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Decodes an input image in-process. The format comes from the bytes, not the name. Sizes are
 * read from the header first: over the pixel limit is refused before any decoding, and very
 * large photos are decoded subsampled to what the output can use.
 */
public final class ImageDecoder {
    private final long maxPixels;
    private final int usefulLongSide;

    public ImageDecoder(long maxPixels, int usefulLongSide) {
        this.maxPixels = maxPixels;
        this.usefulLongSide = usefulLongSide;
    }

    public BufferedImage decode(Path file) {
        ImageFormat format = sniff(file);
        try {
            BufferedImage image = switch (format) {
                case HEIC, AVIF -> viaFfmpeg(file);
                default -> viaImageIo(file);
            };
            if (image == null) {
                throw corrupt(null);
            }
            return format == ImageFormat.JPEG ? ExifOrientation.apply(image, ExifOrientation.read(file)) : image;
        } catch (I2vException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw corrupt(e);
        }
    }

    public static ImageFormat sniff(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return ImageFormat.sniff(in.readNBytes(ImageFormat.SNIFF_BYTES)).orElseThrow(() -> new I2vException(
                    ErrorCode.UNSUPPORTED_FORMAT, "input is not a supported image; supported formats: "
                            + ImageFormat.supportedList()));
        } catch (IOException e) {
            throw new I2vException(ErrorCode.CORRUPT_IMAGE, "input image could not be read");
        }
    }

    private BufferedImage viaImageIo(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw corrupt(null);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                checkPixels(w, h);
                ImageReadParam param = reader.getDefaultReadParam();
                int step = subsampling(w, h);
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                return reader.read(0, param);
            } finally {
                reader.dispose();
            }
        }
    }

    private BufferedImage viaFfmpeg(Path file) throws IOException {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            grabber.start();
            checkPixels(grabber.getImageWidth(), grabber.getImageHeight());
            Frame frame = grabber.grabImage();
            if (frame == null) {
                throw corrupt(null);
            }
            BufferedImage shared = converter.convert(frame);
            BufferedImage copy = new BufferedImage(shared.getWidth(), shared.getHeight(), BufferedImage.TYPE_INT_RGB);
            copy.createGraphics().drawImage(shared, 0, 0, null);
            grabber.stop();
            return copy;
        }
    }

    private void checkPixels(int w, int h) {
        if (w <= 0 || h <= 0) {
            throw corrupt(null);
        }
        if ((long) w * h > maxPixels) {
            throw new I2vException(ErrorCode.IMAGE_TOO_LARGE, "image is " + w + "x" + h + " ("
                    + ((long) w * h / 1_000_000) + " MP); the limit is " + (maxPixels / 1_000_000) + " MP");
        }
    }

    /** Whole-pixel subsampling that still leaves at least twice the useful size. */
    private int subsampling(int w, int h) {
        int longSide = Math.max(w, h);
        return Math.max(1, longSide / (usefulLongSide * 2));
    }

    private static I2vException corrupt(Exception cause) {
        return new I2vException(ErrorCode.CORRUPT_IMAGE, "input image is damaged or truncated and cannot be decoded",
                cause);
    }
}
