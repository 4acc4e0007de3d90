package io.i2v.worker.render;

import jakarta.enterprise.context.ApplicationScoped;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;
import org.jboss.logging.Logger;

/**
 * Faces first, else saliency. Frontal faces are found with OpenCV's Haar cascade
 * ({@code haarcascade_frontalface_alt2}, shipped inside the OpenCV jar) on a grey copy at most
 * {@value #DETECT_SIDE} px on its long side; among several faces, those at least a quarter the
 * size of the largest count (a group, not a face in the crowd), and the subject is their joint
 * box grown to take in hair and chin. OpenCV loads on first use (about a second, once per
 * process); where it cannot load, saliency alone is used and that is logged once.
 */
@ApplicationScoped
public class FaceFinder implements SubjectFinder {
    private static final Logger LOG = Logger.getLogger(FaceFinder.class);
    static final int DETECT_SIDE = 512;
    private static final String CASCADE = "haarcascade_frontalface_alt2.xml";

    private final SubjectFinder fallback = new Saliency();
    private CascadeClassifier classifier;
    private boolean unavailable;

    @Override
    public Subject find(BufferedImage image) {
        BufferedImage small = small(image); // saliency looks at a 128-px copy: this one is plenty for it too
        List<double[]> faces = faces(small);
        return faces.isEmpty() ? fallback.find(small) : subject(faces);
    }

    /** Faces as normalised boxes {x, y, w, h} (top-left corner and size); empty where there are none. */
    public List<double[]> faces(BufferedImage image) {
        return detect(small(image));
    }

    private static BufferedImage small(BufferedImage image) {
        double scale = Math.min(1, (double) DETECT_SIDE / Math.max(image.getWidth(), image.getHeight()));
        int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        return w == image.getWidth() && h == image.getHeight() ? image : Resample.to(image, w, h);
    }

    private synchronized List<double[]> detect(BufferedImage image) {
        CascadeClassifier cascade = classifier();
        if (cascade == null) {
            return List.of();
        }
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] grey = grey(image);
        List<double[]> found = new ArrayList<>();
        try (PointerScope scope = new PointerScope()) {
            Mat mat = new Mat(h, w, opencv_core.CV_8UC1);
            mat.data().put(grey);
            Mat equalised = new Mat();
            opencv_imgproc.equalizeHist(mat, equalised);
            RectVector rects = new RectVector();
            int min = Math.max(20, (int) (0.04 * Math.min(w, h)));
            cascade.detectMultiScale(equalised, rects, 1.15, 4, 0, new Size(min, min), new Size());
            for (long i = 0; i < rects.size(); i++) {
                Rect r = rects.get(i);
                found.add(new double[] {
                    (double) r.x() / w, (double) r.y() / h, (double) r.width() / w, (double) r.height() / h
                });
            }
        }
        return found;
    }

    /** The joint box of the faces that matter, grown by half a face around (hair, chin, ears). */
    static Subject subject(List<double[]> faces) {
        double largest = faces.stream().mapToDouble(f -> f[2] * f[3]).max().orElse(0);
        double left = 1, top = 1, right = 0, bottom = 0;
        for (double[] f : faces) {
            if (f[2] * f[3] >= largest / 4) {
                left = Math.min(left, f[0] - f[2] / 4);
                top = Math.min(top, f[1] - f[3] / 4);
                right = Math.max(right, f[0] + f[2] * 1.25);
                bottom = Math.max(bottom, f[1] + f[3] * 1.25);
            }
        }
        left = Math.max(0, left);
        top = Math.max(0, top);
        right = Math.min(1, right);
        bottom = Math.min(1, bottom);
        return new Subject((left + right) / 2, (top + bottom) / 2, right - left, bottom - top, Subject.Source.FACES);
    }

    private CascadeClassifier classifier() {
        if (classifier == null && !unavailable) {
            try {
                File xml = Loader.cacheResource(
                        FaceFinder.class,
                        "/org/bytedeco/opencv/" + Loader.getPlatform() + "/share/opencv4/haarcascades/" + CASCADE);
                CascadeClassifier c = new CascadeClassifier();
                if (xml == null || !c.load(xml.getAbsolutePath())) {
                    throw new IllegalStateException("cannot read " + CASCADE);
                }
                classifier = c;
            } catch (Exception | LinkageError e) {
                unavailable = true;
                LOG.warnf("face detection unavailable on this worker (%s); the camera aims by saliency alone", e);
            }
        }
        return classifier;
    }

    private static byte[] grey(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] grey = new byte[w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                grey[y * w + x] = (byte) ((77 * (p >> 16 & 0xff) + 150 * (p >> 8 & 0xff) + 29 * (p & 0xff) + 128) >> 8);
            }
        }
        return grey;
    }
}
