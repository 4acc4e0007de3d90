package io.i2v.worker.render;

import java.awt.image.BufferedImage;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
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

    private SubjectMatte() {
    }

    /** The hard mask (1 = subject) on a {@code width x height} grid, how much it is trusted, and why. */
    record Matte(int width, int height, byte[] mask, boolean trusted, String reason, double area, double edge,
                 double weak, double colour, double sharpness, double junction) {
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
            return new Subject((x0 + x1 + 1) / 2.0 / width, (y0 + y1 + 1) / 2.0 / height, (x1 - x0 + 1.0) / width,
                    (y1 - y0 + 1.0) / height, Subject.Source.SALIENCY);
        }

        String figures() {
            return String.format(Locale.ROOT, "area %.2f, edge %.2f, weak outline %.2f, colour %.2f, sharpness %.2f, "
                    + "junction %.2f", area, edge, weak, colour, sharpness, junction);
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
        float[] sharp = sharpness(twice, w, h);
        List<Subject> hypotheses = subject.source() == Subject.Source.FACES
                || subject.source() == Subject.Source.GIVEN ? List.of(subject) : List.of(subject, MIDDLE);
        // each hypothesis on its own core (GrabCut is most of the cost)
        List<java.util.concurrent.CompletableFuture<Matte>> tries = hypotheses.stream()
                .map(s -> java.util.concurrent.CompletableFuture.supplyAsync(() -> attempt(s, rgb, sharp, w, h)))
                .toList();
        Matte first = null;
        Matte best = null;
        for (java.util.concurrent.CompletableFuture<Matte> t : tries) {
            Matte m = join(t);
            first = first == null ? m : first;
            if (m.trusted() && (best == null || m.score() > best.score())) {
                best = m;
            }
        }
        return best != null ? best : first;
    }

    private static Matte join(java.util.concurrent.CompletableFuture<Matte> t) {
        try {
            return t.join();
        } catch (java.util.concurrent.CompletionException e) {
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
            return new Matte(w, h, new byte[w * h], false, fgSeeds < init.length / 200 ? "no clear subject"
                    : "no clear subject (what stands out spans the picture)", 0, 0, 0, 0, 0, 0);
        }
        byte[] fg = grabCut(rgb, init, w, h);
        fg = keepSubject(fg, init, w, h);
        return judge(fg, rgb, sharp, w, h, subject.source() == Subject.Source.FACES);
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
        boolean contrast = contrast(sharp);
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

    private static boolean contrast(float[] sharp) {
        int soft = 0;
        int crisp = 0;
        for (float v : sharp) {
            if (v < 0.15f) {
                soft++;
            } else if (v > 0.4f) {
                crisp++;
            }
        }
        return soft > sharp.length / 5 && crisp > sharp.length / 30;
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
            opencv_imgproc.grabCut(img, mask, new Rect(), new Mat(), new Mat(), ITERATIONS,
                    opencv_imgproc.GC_INIT_WITH_MASK);
            mask.data().get(out);
        }
        byte[] fg = new byte[w * h];
        for (int i = 0; i < fg.length; i++) {
            fg[i] = (byte) (out[i] == 1 || out[i] == 3 ? 1 : 0);
        }
        return fg;
    }

    /**
     * The connected parts of the mask that hold a seed (the largest, and any at least half its
     * size: a group of similar things), with their holes filled: the subject, not every pixel
     * GrabCut liked.
     */
    static byte[] keepSubject(byte[] fg, byte[] init, int w, int h) {
        int[] label = new int[w * h];
        int[] sizes = new int[w * h / 2 + 2];
        boolean[] seeded = new boolean[sizes.length];
        int n = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        // the parts that hold a definite seed (a face, the sharpest detail) are the subject; else any probable seed
        byte definite = 3;
        for (byte b : init) {
            if (b == 1) {
                definite = 1;
                break;
            }
        }
        for (int s = 0; s < fg.length; s++) {
            if (fg[s] == 0 || label[s] != 0) {
                continue;
            }
            n++;
            if (n >= sizes.length) {
                break;
            }
            label[s] = n;
            queue.add(s);
            while (!queue.isEmpty()) {
                int i = queue.poll();
                sizes[n]++;
                seeded[n] |= init[i] == definite;
                int x = i % w;
                int y = i / w;
                for (int d = 0; d < 4; d++) {
                    int nx = x + (d == 0 ? 1 : d == 1 ? -1 : 0);
                    int ny = y + (d == 2 ? 1 : d == 3 ? -1 : 0);
                    if (nx >= 0 && ny >= 0 && nx < w && ny < h) {
                        int j = ny * w + nx;
                        if (fg[j] == 1 && label[j] == 0) {
                            label[j] = n;
                            queue.add(j);
                        }
                    }
                }
            }
        }
        int largest = 0;
        for (int k = 1; k <= Math.min(n, sizes.length - 1); k++) {
            if (seeded[k]) {
                largest = Math.max(largest, sizes[k]);
            }
        }
        byte[] keep = new byte[w * h];
        for (int i = 0; i < keep.length; i++) {
            int k = label[i];
            keep[i] = (byte) (k > 0 && k < sizes.length && seeded[k] && sizes[k] * 2 >= largest && largest > 0 ? 1 : 0);
        }
        return fillHoles(keep, w, h);
    }

    /** Background pockets that do not reach the border become subject. */
    private static byte[] fillHoles(byte[] m, int w, int h) {
        byte[] outside = new byte[w * h];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int x = 0; x < w; x++) {
            seed(m, outside, queue, x);
            seed(m, outside, queue, (h - 1) * w + x);
        }
        for (int y = 0; y < h; y++) {
            seed(m, outside, queue, y * w);
            seed(m, outside, queue, y * w + w - 1);
        }
        while (!queue.isEmpty()) {
            int i = queue.poll();
            int x = i % w;
            int y = i / w;
            if (x > 0) {
                seed(m, outside, queue, i - 1);
            }
            if (x < w - 1) {
                seed(m, outside, queue, i + 1);
            }
            if (y > 0) {
                seed(m, outside, queue, i - w);
            }
            if (y < h - 1) {
                seed(m, outside, queue, i + w);
            }
        }
        byte[] out = new byte[w * h];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (outside[i] == 1 ? 0 : 1);
        }
        return out;
    }

    private static void seed(byte[] m, byte[] outside, ArrayDeque<Integer> queue, int i) {
        if (m[i] == 0 && outside[i] == 0) {
            outside[i] = 1;
            queue.add(i);
        }
    }

    private static Matte judge(byte[] fg, int[] rgb, float[] sharp, int w, int h, boolean face) {
        int n = w * h;
        int count = 0;
        for (byte b : fg) {
            count += b;
        }
        double area = (double) count / n;
        if (area < 0.02 || area > 0.7) {
            return new Matte(w, h, fg, false, area < 0.02 ? "no clear subject"
                    : "no clear subject (what stands out spans the picture)",
                    area, 0, 0, 0, 0, 0);
        }
        // sides of the frame the subject covers for more than a third of their length
        int sides = 0;
        int top = 0, bottom = 0, left = 0, right = 0;
        for (int x = 0; x < w; x++) {
            top += fg[x];
            bottom += fg[(h - 1) * w + x];
        }
        for (int y = 0; y < h; y++) {
            left += fg[y * w];
            right += fg[y * w + w - 1];
        }
        sides += top * 3 > w ? 1 : 0;
        sides += bottom * 3 > w ? 1 : 0;
        sides += left * 3 > h ? 1 : 0;
        sides += right * 3 > h ? 1 : 0;
        // how strongly the image changes along the outline, against everywhere; and the share of the outline that
        // runs through flat picture (where the cut goes through one object)
        double[] grad = new double[n];
        double allSum = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                grad[y * w + x] = gradient(rgb, y * w + x, w);
                allSum += grad[y * w + x];
            }
        }
        double meanGradient = allSum / Math.max(1, (w - 2) * (h - 2));
        double edgeSum = 0;
        int edgeN = 0;
        int weak = 0;
        int joins = 0;
        for (int y = 2; y < h - 2; y++) {
            for (int x = 2; x < w - 2; x++) {
                int i = y * w + x;
                if (fg[i] == 1 && (fg[i - 1] == 0 || fg[i + 1] == 0 || fg[i - w] == 0 || fg[i + w] == 0)) {
                    edgeSum += Math.max(grad[i], Math.max(grad[i - 1], grad[i + 1]));
                    edgeN++;
                    double around = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            around = Math.max(around, grad[i + dy * w + dx]);
                        }
                    }
                    weak += around < 0.5 * meanGradient ? 1 : 0;
                    joins += joins(fg, rgb, sharp, x, y, w, h) ? 1 : 0;
                }
            }
        }
        double edge = edgeN == 0 ? 0 : (edgeSum / edgeN) / Math.max(1e-6, meanGradient);
        double weakShare = edgeN == 0 ? 1 : (double) weak / edgeN;
        double colour = colourDistance(fg, rgb);
        double sIn = 0, sOut = 0;
        for (int i = 0; i < n; i++) {
            if (fg[i] == 1) {
                sIn += sharp[i];
            } else {
                sOut += sharp[i];
            }
        }
        double sharpness = (sIn / count) / Math.max(1e-3, sOut / (n - count));
        String reason = null;
        if (sides >= 3) {
            reason = "no clear subject (what stands out spans the picture)";
        } else if (edge < 1.5) {
            reason = "no clear subject edge";
        } else if (weakShare > 0.3) {
            reason = "the subject's outline is unclear";
        } else if (colour < 0.5 && sharpness < 1.8) {
            reason = "the subject does not stand out from the background";
        } else if (!face && top * 2 > w && sharpness < 1) {
            // smooth, softer than the rest and along the top edge: the sky (or a haze), the farthest thing there is
            reason = "no clear subject (what stands out is the sky)";
        } else if (!face && colour < 0.6 && sharpness < 2.5) {
            // without a face to say what the subject is, a region only a little different in colour or focus is
            // as likely a patch of one scene (a district seen from above, a façade, a painted sky) as an object
            reason = "no clear subject (nothing stands out clearly enough from the rest)";
        } else if (junction(joins, edgeN) > 0.3) {
            // the outline runs through one thing for much of its length (the shaded half of a fruit): layers cut
            // there would tear it in two as they move apart
            reason = "the subject's outline cuts through the picture";
        }
        return new Matte(w, h, fg, reason == null, reason == null ? "subject layer + background" : reason, area, edge,
                weakShare, colour, sharpness, junction(joins, edgeN));
    }

    private static double junction(int joins, int outline) {
        return outline == 0 ? 0 : (double) joins / outline;
    }

    /**
     * Whether the outline at ({@code x}, {@code y}) cuts through one thing: a few pixels in and a
     * few out along the outline's normal, the picture has the same colour and is about as sharp.
     */
    private static boolean joins(byte[] fg, int[] rgb, float[] sharp, int x, int y, int w, int h) {
        int nx = 0, ny = 0;
        for (int dy = -2; dy <= 2; dy++) {
            for (int dx = -2; dx <= 2; dx++) {
                int k = fg[(y + dy) * w + x + dx];
                nx += k * dx;
                ny += k * dy;
            }
        }
        double len = Math.hypot(nx, ny);
        if (len == 0) {
            return false;
        }
        int d = 3;
        int xi = (int) Math.round(x + d * nx / len), yi = (int) Math.round(y + d * ny / len);
        int xo = (int) Math.round(x - d * nx / len), yo = (int) Math.round(y - d * ny / len);
        if (xi < 0 || yi < 0 || xo < 0 || yo < 0 || xi >= w || xo >= w || yi >= h || yo >= h) {
            return false;
        }
        int a = rgb[yi * w + xi], b = rgb[yo * w + xo];
        double dr = (a >> 16 & 0xff) - (b >> 16 & 0xff), dg = (a >> 8 & 0xff) - (b >> 8 & 0xff), db = (a & 0xff) - (b & 0xff);
        float si = sharp[yi * w + xi], so = sharp[yo * w + xo];
        return Math.sqrt(dr * dr + dg * dg + db * db) < 40 && so > 0.6f * si;
    }

    private static double gradient(int[] rgb, int i, int w) {
        int best = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            int gx = (rgb[i + 1] >> shift & 0xff) - (rgb[i - 1] >> shift & 0xff);
            int gy = (rgb[i + w] >> shift & 0xff) - (rgb[i - w] >> shift & 0xff);
            best = Math.max(best, gx * gx + gy * gy);
        }
        return Math.sqrt(best);
    }

    /** Hellinger distance of the subject's and the background's colour histograms (8 levels a channel): 0 same, 1 disjoint. */
    private static double colourDistance(byte[] fg, int[] rgb) {
        double[] a = new double[512];
        double[] b = new double[512];
        double na = 0, nb = 0;
        for (int i = 0; i < fg.length; i++) {
            int p = rgb[i];
            int bin = (p >> 21 & 7) << 6 | (p >> 13 & 7) << 3 | (p >> 5 & 7);
            if (fg[i] == 1) {
                a[bin]++;
                na++;
            } else {
                b[bin]++;
                nb++;
            }
        }
        double bc = 0;
        for (int k = 0; k < 512; k++) {
            bc += Math.sqrt(a[k] / na * b[k] / nb);
        }
        return Math.sqrt(Math.max(0, 1 - bc));
    }

    /**
     * Local sharpness on a {@code w x h} grid from a copy twice that size: the absolute Laplacian,
     * averaged per cell and over a few cells around, relative to the photo's sharp end (its 97th percentile).
     */
    static float[] sharpness(BufferedImage twice, int w, int h) {
        int tw = twice.getWidth();
        int th = twice.getHeight();
        int[] p = twice.getRGB(0, 0, tw, th, null, 0, tw);
        float[] g = new float[tw * th];
        for (int i = 0; i < g.length; i++) {
            g[i] = 0.299f * (p[i] >> 16 & 0xff) + 0.587f * (p[i] >> 8 & 0xff) + 0.114f * (p[i] & 0xff);
        }
        g = Masks.boxBlur(g, tw, th, 1); // sensor noise and JPEG grain are not detail
        float[] cell = new float[w * h];
        for (int y = 1; y < th - 1; y++) {
            for (int x = 1; x < tw - 1; x++) {
                int i = y * tw + x;
                float lap = Math.abs(4 * g[i] - g[i - 1] - g[i + 1] - g[i - tw] - g[i + tw]);
                int cx = Math.min(w - 1, x / 2);
                int cy = Math.min(h - 1, y / 2);
                cell[cy * w + cx] += lap / 4;
            }
        }
        float[] s = Masks.boxBlur(cell, w, h, 3);
        float[] sorted = s.clone();
        java.util.Arrays.sort(sorted);
        float top = Math.max(1e-3f, sorted[(int) (sorted.length * 0.97)]);
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.min(1.5f, s[i] / top);
        }
        return s;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
