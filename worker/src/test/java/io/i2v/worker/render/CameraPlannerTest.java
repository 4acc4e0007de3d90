package io.i2v.worker.render;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.worker.plan.Motion;
import java.util.List;
import org.junit.jupiter.api.Test;

class CameraPlannerTest {
    /** Landscape 16:9 image: full width and height at zoom 1; into 9:16: a third of the width. */
    static final List<double[]> FRAMINGS = List.of(new double[] {1, 1}, new double[] {0.316, 1}, new double[] {1, 0.8});

    static final List<Subject> SUBJECTS =
            List.of(Subject.CENTRE, new Subject(0.95, 0.05, 0.1, 0.1), new Subject(0.1, 0.9, 0.2, 0.2));

    @Test
    void everyMoveStaysInsideTheImageSoThePathNeverBendsAtAnEdge() {
        for (String kind : Motion.KINDS) {
            for (double intensity : new double[] {0.6, 1, 1.7}) {
                for (double[] vis : FRAMINGS) {
                    for (Subject s : SUBJECTS) {
                        CameraPath path = CameraPlanner.plan(
                                new Motion(kind, intensity, CameraPath.Easing.SMOOTH), s, vis[0], vis[1]);
                        for (int i = 0; i <= 100; i++) {
                            CameraPath.Pose p = path.at(i / 100.0);
                            double halfW = vis[0] / p.zoom() / 2;
                            double halfH = vis[1] / p.zoom() / 2;
                            String what = kind + " x" + intensity + " vis " + vis[0] + " at " + i + "%: " + p;
                            assertTrue(p.zoom() >= 1 - 1e-9, what);
                            assertTrue(p.x() - halfW >= -1e-9 && p.x() + halfW <= 1 + 1e-9, what);
                            assertTrue(p.y() - halfH >= -1e-9 && p.y() + halfH <= 1 + 1e-9, what);
                        }
                    }
                }
            }
        }
    }

    @Test
    void movesThatShouldMoveDo() {
        for (String kind : Motion.KINDS) {
            CameraPath path = CameraPlanner.plan(new Motion(kind, 1, CameraPath.Easing.SMOOTH), Subject.CENTRE, 1, 1);
            double travel = 0;
            for (int i = 1; i <= 100; i++) {
                CameraPath.Pose a = path.at((i - 1) / 100.0);
                CameraPath.Pose b = path.at(i / 100.0);
                travel += Math.abs(b.zoom() - a.zoom()) + Math.abs(b.x() - a.x()) + Math.abs(b.y() - a.y());
            }
            assertTrue(kind.equals("static") ? travel == 0 : travel > 0.05, kind + " travels " + travel);
        }
    }

    @Test
    void aSubjectTallerThanAWideFrameKeepsItsTopInView() {
        // a square photo in a letterboxed 2.39:1 frame shows 42% of its height; the subject spans 80%
        Subject tall = new Subject(0.5, 0.55, 0.5, 0.8, Subject.Source.SALIENCY);
        double top = tall.y() - tall.h() / 2;
        for (String kind : Motion.KINDS) {
            CameraPath path = CameraPlanner.plan(new Motion(kind, 1, CameraPath.Easing.SMOOTH), tall, 1, 0.42);
            if (kind.startsWith("tilt")) {
                // a tilt travels along the subject: it shows the top at one end
                double atTop = Math.min(path.at(0).y(), path.at(1).y())
                        - 0.42 / path.at(0).zoom() / 2;
                assertTrue(atTop <= top + 0.02, kind + " never shows the top: " + atTop);
                continue;
            }
            for (int i = 0; i <= 20; i++) {
                CameraPath.Pose p = path.at(i / 20.0);
                double viewTop = p.y() - 0.42 / p.zoom() / 2;
                assertTrue(
                        viewTop <= top + 0.02,
                        kind + " at " + i * 5 + "%: the view starts at " + viewTop + ", below the subject's top "
                                + top);
            }
        }
        // one that fits is centred as before
        Subject small = new Subject(0.5, 0.6, 0.3, 0.2, Subject.Source.SALIENCY);
        CameraPath.Pose p = CameraPlanner.plan(new Motion("push in", 1, CameraPath.Easing.SMOOTH), small, 1, 0.42)
                .at(0);
        assertTrue(Math.abs(p.y() - 0.6) < 1e-9, "centred on a subject that fits: " + p);
    }
}
