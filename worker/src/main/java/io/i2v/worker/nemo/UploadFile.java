package io.i2v.worker.nemo;

import io.i2v.core.image.ImageFormat;
import io.i2v.worker.backend.BackendJob;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * The input as the backend takes it: jpg, png, gif and webp as they are; anything else (HEIC,
 * AVIF, which NemoVideo refuses with 4001) re-encoded as JPEG from the already decoded image.
 * The file name carries the right extension: the backend goes by it.
 */
final class UploadFile {
    private static final List<String> AS_IS = List.of("jpg", "png", "gif", "webp");

    private UploadFile() {}

    static Path prepare(BackendJob.InputImage image, int index, Path dir) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(image.file())) {
            head = in.readNBytes(ImageFormat.SNIFF_BYTES);
        }
        Optional<ImageFormat> format = ImageFormat.sniff(head);
        String base = baseName(image.name(), index);
        if (format.isPresent() && AS_IS.contains(format.get().extension())) {
            return Files.copy(
                    image.file(),
                    dir.resolve(base + "." + format.get().extension()),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Path jpeg = dir.resolve(base + ".jpg");
        BufferedImage rgb =
                new BufferedImage(image.image().getWidth(), image.image().getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.drawImage(image.image(), 0, 0, null);
        g.dispose();
        if (!ImageIO.write(rgb, "jpg", jpeg.toFile())) {
            throw new IOException("no JPEG writer");
        }
        return jpeg;
    }

    static String baseName(String name, int index) {
        String n = name == null || name.isBlank() ? "image-" + index : name;
        int dot = n.lastIndexOf('.');
        n = dot > 0 ? n.substring(0, dot) : n;
        n = n.replaceAll("[^A-Za-z0-9_-]", "_");
        return n.isEmpty() ? "image-" + index : n;
    }
}
