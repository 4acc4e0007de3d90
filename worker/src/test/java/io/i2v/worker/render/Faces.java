package io.i2v.worker.render;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/** Test pictures with a real face (a public-domain NASA portrait, see resources/faces/README.md). */
final class Faces {
    /** Where the astronaut's face is in her portrait, as OpenCV's detector reports it (normalised centre). */
    static final double FACE_X = 0.44;

    static final double FACE_Y = 0.22;
    /** The portrait's place in {@link #besideARedDisc()}: left, top and side, in pixels of a 1600x900 scene. */
    static final int LEFT = 900;

    static final int TOP = 200;
    static final int SIDE = 600;
    static final double SCENE_FACE_X = (LEFT + FACE_X * SIDE) / 1600;
    static final double SCENE_FACE_Y = (TOP + FACE_Y * SIDE) / 900;

    private Faces() {}

    static BufferedImage astronaut() {
        try (InputStream in = Faces.class.getResourceAsStream("/faces/astronaut.png")) {
            return ImageIO.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The portrait on the right of a textured landscape, a large saturated red disc on the left. */
    static BufferedImage besideARedDisc() {
        BufferedImage scene = Scenes.withSubject(1600, 900, 0.16, 0.62, 0.09);
        Graphics2D g = scene.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(astronaut(), LEFT, TOP, SIDE, SIDE, null);
        g.setColor(new Color(250, 230, 0));
        g.fillOval(60, 330, 60, 60);
        g.dispose();
        return scene;
    }

    /** The one face in decoded frame {@code index}: normalised centre x, y and width. */
    static double[] faceIn(FaceFinder finder, DecodedVideo v, int index) {
        List<double[]> faces = finder.faces(Yuv420.toRgb(v.frames().get(index), v.width(), v.height()));
        if (faces.size() != 1) {
            throw new AssertionError("expected one face in frame " + index + ", found " + faces.size());
        }
        double[] f = faces.get(0);
        return new double[] {f[0] + f[2] / 2, f[1] + f[3] / 2, f[2]};
    }
}
