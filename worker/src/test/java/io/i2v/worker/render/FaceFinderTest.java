package io.i2v.worker.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class FaceFinderTest {
    final FaceFinder finder = new FaceFinder();

    @Test
    void aimsAtTheFaceInAPortrait() {
        Subject s = finder.find(Faces.astronaut());
        assertEquals(Subject.Source.FACES, s.source());
        assertEquals(Faces.FACE_X, s.x(), 0.04, "centre x " + s);
        assertEquals(Faces.FACE_Y, s.y(), 0.04, "centre y " + s);
        // the box takes in the head (about a fifth of the portrait), not the whole picture
        assertTrue(s.w() > 0.18 && s.w() < 0.4, "width " + s.w());
        assertTrue(s.h() > 0.18 && s.h() < 0.4, "height " + s.h());
    }

    @Test
    void framesAGroupTogether() {
        BufferedImage two = new BufferedImage(1024, 512, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = two.createGraphics();
        g.drawImage(Faces.astronaut(), 0, 0, null);
        g.drawImage(Faces.astronaut(), 512, 0, null);
        g.dispose();
        assertEquals(2, finder.faces(two).size());
        Subject s = finder.find(two);
        assertEquals(Subject.Source.FACES, s.source());
        // both faces (at x 0.22 and 0.72) inside the box
        assertTrue(s.x() - s.w() / 2 < 0.22 - 0.04 && s.x() + s.w() / 2 > 0.72 + 0.04, "box " + s);
    }

    @Test
    void findsTheFaceInALargeLandscapeScene() {
        Subject s = finder.find(Faces.besideARedDisc());
        assertEquals(Subject.Source.FACES, s.source());
        assertEquals(Faces.SCENE_FACE_X, s.x(), 0.03);
        assertEquals(Faces.SCENE_FACE_Y, s.y(), 0.04);
    }

    @Test
    void photosWithoutFacesFallBackToSaliency() throws Exception {
        BufferedImage ladybird = ImageIO.read(Path.of("../samples/ladybird.jpg").toFile());
        assertEquals(0, finder.faces(ladybird).size());
        Subject s = finder.find(ladybird);
        assertEquals(Subject.Source.SALIENCY, s.source());
        assertEquals(0.5, s.x(), 0.45, "somewhere in the picture: " + s);
        Subject disc = finder.find(Scenes.withSubject(1280, 720, 0.75, 0.32, 0.05));
        assertEquals(Subject.Source.SALIENCY, disc.source());
        assertEquals(0.75, disc.x(), 0.03);
    }
}
