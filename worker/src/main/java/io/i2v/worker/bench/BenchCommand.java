package io.i2v.worker.bench;

import static io.i2v.worker.bench.Gauges.load;
import static io.i2v.worker.bench.Gauges.secs;

import io.i2v.worker.config.WorkerConfig;
import io.i2v.worker.media.VideoWriter;
import io.i2v.worker.render.LocalRenderer;
import io.i2v.worker.render.RenderWarmup;
import io.i2v.worker.render.SubjectFinder;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * {@code i2v bench}: the 10 s 1080p30 push-in from a large photo, flat and as a living photo
 * (subject and background layers), each measured over an odd number of rounds and reported as
 * medians — render time against the encode-only floor (the same frames, pre-made in memory,
 * through the same encoder settings), SSIM of encoded against pre-encode frames, peak RSS, the
 * jitter of our output next to ffmpeg's {@code zoompan} recipe on the same photo, and for the
 * layered render each layer's own motion measured from the decoded video.
 */
@ApplicationScoped
public class BenchCommand {
    private final WorkerConfig config;
    private final SubjectFinder subjects;
    private final RenderWarmup warmup;
    private final PrintStream out = System.out;

    public BenchCommand(WorkerConfig config, SubjectFinder subjects, RenderWarmup warmup) {
        this.config = config;
        this.subjects = subjects;
        this.warmup = warmup;
    }

    /** @param photo a photo to use instead of the synthetic one (enlarged to {@code megapixels} if smaller), or null */
    public int run(Path photo, double megapixels, boolean skipZoompan, int rounds) throws Exception {
        Path dir = Files.createTempDirectory("i2v-bench-");
        try {
            return bench(dir, photo, megapixels, skipZoompan, rounds);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private int bench(Path dir, Path photoFile0, double megapixels, boolean skipZoompan, int rounds) throws Exception {
        VideoWriter.EncoderSettings enc = LocalRenderer.settings(config);
        BufferedImage given = photoFile0 == null ? null : ImageIO.read(photoFile0.toFile());
        if (photoFile0 != null && given == null) {
            out.println("i2v bench: cannot read " + photoFile0);
            return 2;
        }
        int[] size = photoSize(given, megapixels);
        int pw = size[0];
        int ph = size[1];
        out.printf(
                Locale.ROOT,
                "i2v bench: 10-second 1080p 30 fps push-ins from a %.1f MP %s (%dx%d), %d rounds each, "
                        + "medians (lowest–highest round)%n",
                pw * (double) ph / 1e6,
                given == null
                        ? "synthetic photo"
                        : "photo, " + photoFile0.getFileName() + (pw > given.getWidth() ? " enlarged" : ""),
                pw,
                ph,
                rounds);
        out.printf(
                Locale.ROOT,
                "encoder: libx264 High, preset %s, crf %d, threads %s%n",
                enc.preset(),
                enc.crf(),
                enc.threads() == 0 ? "auto" : Integer.toString(enc.threads()));
        out.printf(
                Locale.ROOT,
                "machine: %d cores, load average %.2f at start%n",
                Runtime.getRuntime().availableProcessors(),
                load());
        long f0 = System.nanoTime();
        warmup.run();
        out.printf(
                Locale.ROOT,
                "  (face detection loaded and frame kernel compiled in %.1f s, as a worker does at start)%n",
                secs(f0));
        PathBench paths = new PathBench(config, subjects, out);

        // 1. today's flat path: one rigid camera move over the whole picture
        long t0 = System.nanoTime();
        var photo = given == null ? SyntheticPhoto.make(pw, ph, 7) : enlarge(given, pw, ph);
        out.printf(
                Locale.ROOT,
                "%n== flat: \"10-second 1080p 30 fps flat push-in\" (made the photo in %.1f s)%n",
                secs(t0));
        PathBench.Figures flat =
                paths.measure(dir, "10-second 1080p 30 fps flat push-in", photo, enc, !skipZoompan, false, rounds);
        photo = null;
        System.gc();

        // 2. the living-photo path: subject and background layers (a photo with a sharp subject over a soft background)
        t0 = System.nanoTime();
        var layeredPhoto = given == null ? SyntheticPhoto.withSubject(pw, ph, 7, 0.42, 10) : enlarge(given, pw, ph);
        out.printf(
                Locale.ROOT,
                "%n== parallax: \"10-second 1080p 30 fps parallax push-in\" on %s (made in %.1f s)%n",
                given == null ? "a sharp vase over a soft background" : "the same photo",
                secs(t0));
        PathBench.Figures layered = paths.measure(
                dir, "10-second 1080p 30 fps parallax push-in", layeredPhoto, enc, !skipZoompan, true, rounds);
        layeredPhoto = null;

        out.printf(Locale.ROOT, "%n== summary (medians of %d rounds, lowest–highest round in brackets)%n", rounds);
        out.printf(
                Locale.ROOT,
                "flat render / floor:     %s    (target <= 1.10)%n",
                flat.ratio().describe("%.2f"));
        out.printf(
                Locale.ROOT,
                "parallax render / floor: %s    (target <= 1.30)%n",
                layered.ratio().describe("%.2f"));
        out.printf(
                Locale.ROOT,
                "parallax / flat render:  %s%n",
                layered.render().over(flat.render()).describe("%.2f"));
        if (!Double.isNaN(flat.jitterRatio())) {
            out.printf(
                    Locale.ROOT,
                    "jitter ratio i2v/zoompan: flat %.3f, parallax %.3f (target <= 0.2)%n",
                    flat.jitterRatio(),
                    layered.jitterRatio());
        }
        out.printf(Locale.ROOT, "load average at end: %.2f%n", load());
        return 0;
    }

    /** The photo's size for {@code megapixels}: the synthetic one at 16:9, or {@code given} enlarged (never shrunk). */
    static int[] photoSize(BufferedImage given, double megapixels) {
        double aspect = given == null ? 16 / 9.0 : (double) given.getWidth() / given.getHeight();
        double grow =
                given == null ? 1 : Math.max(1, Math.sqrt(megapixels * 1e6 / given.getWidth() / given.getHeight()));
        int pw = given == null
                ? (int) Math.round(Math.sqrt(megapixels * 1e6 * aspect)) & ~1
                : (int) Math.ceil(given.getWidth() * grow);
        int ph = given == null ? (int) Math.round(pw / aspect) & ~1 : (int) Math.ceil(given.getHeight() * grow);
        return new int[] {pw, ph};
    }

    static BufferedImage enlarge(BufferedImage src, int w, int h) {
        if (src.getWidth() == w && src.getHeight() == h) {
            return src;
        }
        var out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }
}
