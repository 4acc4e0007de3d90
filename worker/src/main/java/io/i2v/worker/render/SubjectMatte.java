package io.i2v.worker.render;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Separates the subject of a photo from its background, on a small copy ({@value #SIDE} px on the
 * long side). Seeds come from what the camera already aims at — faces (grown to a head and
 * shoulders), else the salient box — and from sharpness: product and portrait photos usually
 * have a sharp subject over a softer background, so blurry pixels inside the seed box start as
 * probable background. OpenCV's GrabCut then settles the boundary by colour. The result is
 * trusted only when it looks like an object: a sensible size, not filling the frame, a boundary
 * that runs along real edges, and a subject that differs from its surroundings in colour or in
 * sharpness. Anything else is reported and drawn flat.
 */
final class SubjectMatte {
    static final int SIDE = 320;
    private static final int ITERATIONS = 4;

    private SubjectMatte() {}

    /** The hard mask (1 = subject) on a {@code width x height} grid, how much it is trusted, and why. */
    record Matte(
            int width,
            int height,
            byte[] mask,
            boolean trusted,
            String reason,
            double area,
            double edge,
            double weak,
            double colour,
            double sharpness,
            double junction) {
        /**
         * How far the layers may move apart (1: as the move asks). Less where the outline cuts
         * through something that carries on, sharp and alike, on the other side (a stem the subject
         * sits on, a railing, an arm on a table): those pieces would visibly part and double.
         */
        double steadiness() {
            return Math.max(0.4, Math.min(1, 1 - (junction - 0.02) / 0.05));
        }

        /**
         * How much it looks like the photo's subject: edge strength and distinctness, a clean
         * outline, the size of a main subject (a tenth to half of the picture: bigger beats a
         * small colourful detail), and nearness to the middle.
         */
        double score() {
            double size = area > 0.5 ? Math.max(0, (0.7 - area) / 0.2) : Math.sqrt(Math.min(area, 0.3) / 0.3);
            Subject box = aim();
            double middle = 1 - 0.6 * Math.min(1, Math.hypot(box.x() - 0.5, box.y() - 0.55) / 0.7);
            return edge * (0.3 + colour + 0.2 * Math.min(3, sharpness)) * size * middle * (1 - weak);
        }

        /** The matte's box as a subject to aim the camera at. */
        Subject aim() {
            int x0 = width, y0 = height, x1 = -1, y1 = -1;
            for (int i = 0; i < mask.length; i++) {
                if (mask[i] == 1) {
                    x0 = Math.min(x0, i % width);
                    x1 = Math.max(x1, i % width);
                    y0 = Math.min(y0, i / width);
                    y1 = Math.max(y1, i / width);
                }
            }
            if (x1 < 0) {
                return Subject.CENTRE;
            }
            return new Subject(
                    (x0 + x1 + 1) / 2.0 / width,
                    (y0 + y1 + 1) / 2.0 / height,
                    (x1 - x0 + 1.0) / width,
                    (y1 - y0 + 1.0) / height,
                    Subject.Source.SALIENCY);
        }

        String figures() {
            return String.format(
                    Locale.ROOT,
                    "area %.2f, edge %.2f, weak outline %.2f, colour %.2f, sharpness %.2f, junction %.2f",
                    area,
                    edge,
                    weak,
                    colour,
                    sharpness,
                    junction);
        }
    }

    /**
     * The best trusted matte among the hypotheses for where the subject is: the camera's subject
     * (faces are taken as they are), and for anything else also "what is in the middle" — product
     * shots put the product there, while saliency alone may pick a small colourful thing beside it.
     * Untrusted: the first hypothesis's matte, with its reason.
     */
    static Matte find(BufferedImage image, Subject subject) {
        double scale = (double) SIDE / Math.max(image.getWidth(), image.getHeight());
        int w = Math.max(16, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(16, (int) Math.round(image.getHeight() * scale));
        BufferedImage twice = Resample.to(image, w * 2, h * 2);
        int[] rgb = Resample.to(twice, w, h).getRGB(0, 0, w, h, null, 0, w);
        float[] sharp = Sharpness.map(twice, w, h);
        List<Subject> hypotheses = subject.source() == Subject.Source.FACES || subject.source() == Subject.Source.GIVEN
                ? List.of(subject)
                : List.of(subject, MIDDLE);
        // each hypothesis on its own core (GrabCut is most of the cost)
        List<CompletableFuture<Matte>> tries = hypotheses.stream()
                .map(s -> CompletableFuture.supplyAsync(() -> attempt(s, rgb, sharp, w, h)))
                .toList();
        Matte first = null;
        Matte best = null;
        for (CompletableFuture<Matte> t : tries) {
            Matte m = join(t);
            first = first == null ? m : first;
            if (m.trusted() && (best == null || m.score() > best.score())) {
                best = m;
            }
        }
        return best != null ? best : first;
    }

    private static Matte join(CompletableFuture<Matte> t) {
        try {
            return t.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof LinkageError l) {
                throw l;
            }
            throw e;
        }
    }

    /** The middle of the frame, a little low (where products and people usually stand). */
    private static final Subject MIDDLE = new Subject(0.5, 0.55, 0.5, 0.65, Subject.Source.CENTRE);

    private static Matte attempt(Subject subject, int[] rgb, float[] sharp, int w, int h) {
        byte[] init = seeds(subject, sharp, w, h);
        int fgSeeds = subjectSeeds(init);
        int bgSeeds = init.length - fgSeeds;
        if (fgSeeds < init.length / 200 || bgSeeds < init.length / 20) {
            return new Matte(
                    w,
                    h,
                    new byte[w * h],
                    false,
                    fgSeeds < init.length / 200
                            ? "no clear subject"
                            : "no clear subject (what stands out spans the picture)",
                    0,
                    0,
                    0,
                    0,
                    0,
                    0);
        }
        byte[] fg = grabCut(rgb, init, w, h);
        fg = MatteShape.keepSubject(fg, init, w, h);
        return MatteJudge.judge(fg, rgb, sharp, w, h, subject.source() == Subject.Source.FACES);
    }

    /** GrabCut labels: 0 background, 1 foreground, 2 probable background, 3 probable foreground. */
    private static byte[] seeds(Subject s, float[] sharp, int w, int h) {
        double x0, x1, y0, y1;
        double cx0 = -1, cx1 = -1, cy0 = -1, cy1 = -1;
        switch (s.source()) {
            case FACES -> {
                // the face box (already grown by half a face) becomes head and shoulders, down toward the frame's edge
                x0 = s.x() - 1.3 * s.w();
                x1 = s.x() + 1.3 * s.w();
                y0 = s.y() - 0.65 * s.h();
                y1 = s.y() + 3.0 * s.h();
                // the face and the neck under it are certain: a head cut off at the chin would tear when it moves
                cx0 = s.x() - 0.15 * s.w();
                cx1 = s.x() + 0.15 * s.w();
                cy0 = s.y() - 0.2 * s.h();
                cy1 = s.y() + 0.8 * s.h();
            }
            case SALIENCY -> {
                double bw = Math.max(0.15, s.w()) * 0.65;
                double bh = Math.max(0.15, s.h()) * 0.65;
                x0 = s.x() - bw;
                x1 = s.x() + bw;
                y0 = s.y() - bh;
                y1 = s.y() + bh;
            }
            case GIVEN -> {
                x0 = s.x() - 0.22;
                x1 = s.x() + 0.22;
                y0 = s.y() - 0.25;
                y1 = s.y() + 0.25;
            }
            default -> {
                x0 = s.x() - s.w() / 2;
                x1 = s.x() + s.w() / 2;
                y0 = s.y() - s.h() / 2;
                y1 = s.y() + s.h() / 2;
            }
        }
        int bx0 = clamp((int) Math.floor(x0 * w), 0, w), bx1 = clamp((int) Math.ceil(x1 * w), 0, w);
        int by0 = clamp((int) Math.floor(y0 * h), 0, h), by1 = clamp((int) Math.ceil(y1 * h), 0, h);
        // sharpness only speaks where the photo has both sharp and soft parts
        boolean contrast = Sharpness.contrast(sharp);
        byte[] m = new byte[w * h];
        int band = Math.max(2, Math.min(w, h) / 40);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                boolean inBox = x >= bx0 && x < bx1 && y >= by0 && y < by1;
                boolean border = x < band || y < band || x >= w - band || y >= h - band;
                if (contrast && s.source() != Subject.Source.FACES) {
                    // a sharp subject over a soft background: what is in focus is the subject, wherever it is
                    boolean crisp = sharp[i] >= 0.3f || inBox && sharp[i] >= 0.2f;
                    m[i] = (byte) (inBox && sharp[i] >= 0.75f ? 1 : crisp ? 3 : border && sharp[i] < 0.15f ? 0 : 2);
                } else if (inBox) {
                    m[i] = (byte) (contrast && sharp[i] < 0.2f ? 2 : 3);
                } else {
                    m[i] = (byte) (border ? 0 : 2);
                }
                if (x >= cx0 * w && x < cx1 * w && y >= cy0 * h && y < cy1 * h) {
                    m[i] = 1;
                }
            }
        }
        if (contrast && subjectSeeds(m) < m.length / 100) {
            // the seed box is all soft: sharpness cannot tell here, colour alone will
            for (int y = by0; y < by1; y++) {
                for (int x = bx0; x < bx1; x++) {
                    m[y * w + x] = m[y * w + x] == 1 ? 1 : (byte) 3;
                }
            }
        }
        return m;
    }

    /** How many pixels start as certain or probable subject. */
    private static int subjectSeeds(byte[] labels) {
        int n = 0;
        for (byte b : labels) {
            n += b == 1 || b == 3 ? 1 : 0;
        }
        return n;
    }

    private static byte[] grabCut(int[] rgb, byte[] init, int w, int h) {
        byte[] bgr = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            bgr[3 * i] = (byte) rgb[i];
            bgr[3 * i + 1] = (byte) (rgb[i] >> 8);
            bgr[3 * i + 2] = (byte) (rgb[i] >> 16);
        }
        byte[] out = new byte[w * h];
        try (PointerScope scope = new PointerScope()) {
            Mat img = new Mat(h, w, opencv_core.CV_8UC3);
            img.data().put(bgr);
            Mat mask = new Mat(h, w, opencv_core.CV_8UC1);
            mask.data().put(init);
            // GrabCut seeds its colour models with k-means on OpenCV's RNG (one per thread): fix it, so a photo
            // gives one matte
            opencv_core.setRNGSeed(0x12);
            opencv_imgproc.grabCut(
                    img, mask, new Rect(), new Mat(), new Mat(), ITERATIONS, opencv_imgproc.GC_INIT_WITH_MASK);
            mask.data().get(out);
        }
        byte[] fg = new byte[w * h];
        for (int i = 0; i < fg.length; i++) {
            fg[i] = (byte) (out[i] == 1 || out[i] == 3 ? 1 : 0);
        }
        return fg;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
