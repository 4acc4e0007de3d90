package io.i2v.worker.render;

import io.i2v.worker.plan.RenderPlan;
import io.i2v.worker.plan.Shot;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * The shots of a plan made ready to draw: each shot's camera move over its image, aimed at the
 * subject, or the whole image over a blurred fill; drawn as subject and background layers, over
 * its ground plane, or flat, with the reason per shot ({@link ShotDepth}).
 */
final class TimelineShots {
    // the log category stays the timeline's, where the shots were made before
    private static final Logger LOG = Logger.getLogger(TimelineShots.class);
    private final RenderPlan plan;
    /** Rows the letterbox covers at the top and bottom of every frame: not drawn. */
    private final int bar;

    private final List<ShotFrames> shots = new ArrayList<>();
    private final List<ShotDepth> depths = new ArrayList<>();

    /**
     * {@code images}: the decoded inputs, indexed by {@link Shot#image()}; {@code subjects} finds
     * where each shot aims unless the plan gives a focus point.
     */
    TimelineShots(RenderPlan plan, List<BufferedImage> images, SubjectFinder subjects) {
        this.plan = plan;
        this.bar = TimelineFrames.letterboxBar(plan);
        int w = plan.width();
        int h = plan.height();
        for (Shot shot : plan.shots()) {
            BufferedImage src = images.get(Math.min(shot.image(), images.size() - 1));
            Subject focus = shot.focusX() != null ? new Subject(shot.focusX(), shot.focusY(), 0.2, 0.2) : null;
            if (!shot.fit()) {
                double cover = Math.max((double) w / src.getWidth(), (double) h / src.getHeight());
                double visW = w / (src.getWidth() * cover);
                double visH = h / (src.getHeight() * cover);
                // how close the camera gets does not depend on where it looks
                double zoom = move(shot, Subject.CENTRE, visW, visH).maxZoom();
                BufferedImage copy = FrameSynthesizer.workingCopy(src, w, h, zoom);
                // a shot that will surely be flat has its planes made on a second core while the subject is found (in
                // the copy: plenty for it); one that may be layered keeps that core for the matte, and makes flat
                // planes only if it ends up flat
                boolean surelyFlat = shot.depth().flat() || shot.motion().kind().equals("static");
                CompletableFuture<StillPlanes> planes = surelyFlat
                        ? CompletableFuture.supplyAsync(
                                () -> FrameSynthesizer.planes(copy, plan.look().grade()))
                        : null;
                Subject subject = focus != null ? focus : subjects.find(copy);
                CameraMove move = move(shot, subject, visW, visH);
                ShotFrames layered = layered(shot, copy, subject, move, w, h, zoom, visW, visH);
                if (layered != null) {
                    shots.add(layered);
                } else {
                    StillPlanes flat = planes != null
                            ? planes.join()
                            : FrameSynthesizer.planes(copy, plan.look().grade());
                    shots.add(new FlatShot(new FrameSynthesizer(flat, w, h, move.maxZoom(), bar), move));
                }
            } else {
                Subject subject = focus != null ? focus : subjects.find(src);
                double contain = Math.min((double) w / src.getWidth(), (double) h / src.getHeight());
                double fw = src.getWidth() * contain / w;
                double fh = src.getHeight() * contain / h;
                Subject placed = subject.placed((1 - fw) / 2, (1 - fh) / 2, fw, fh);
                CameraMove move = move(shot, placed, 1, 1);
                double z = move.maxZoom();
                BufferedImage canvas = Canvas.fitOverBlur(src, (int) Math.ceil(w * z), (int) Math.ceil(h * z));
                StillPlanes working =
                        FrameSynthesizer.prepare(canvas, w, h, z, plan.look().grade());
                shots.add(new FlatShot(new FrameSynthesizer(working, w, h, z, bar), move));
                depths.add(ShotDepth.flat(
                        "parallax skipped: the whole image is shown over a blurred fill",
                        shot.depth().mode().equals("layers")));
            }
        }
    }

    /** The shots, indexed like the plan's. */
    List<ShotFrames> shots() {
        return shots;
    }

    /** Per shot: layered or flat, and why. */
    List<ShotDepth> depths() {
        return depths;
    }

    private CameraMove move(Shot shot, Subject subject, double visW, double visH) {
        return plan.loop()
                ? CameraPlanner.loop(shot.motion(), subject, visW, visH)
                : CameraPlanner.plan(shot.motion(), subject, visW, visH);
    }

    /**
     * The shot as subject and background layers, or null (with the reason recorded) where the plan
     * says flat, the camera holds still, the picture is a graphic, or the matte is not trusted.
     */
    private ShotFrames layered(
            Shot shot,
            BufferedImage copy,
            Subject subject,
            CameraMove move,
            int w,
            int h,
            double zoom,
            double visW,
            double visH) {
        boolean asked = shot.depth().mode().equals("layers");
        if (shot.depth().flat()) {
            depths.add(ShotDepth.flat("flat: one camera move, as asked", false));
            return null;
        }
        if (shot.motion().kind().equals("static")) {
            depths.add(ShotDepth.flat("parallax skipped: the camera holds still", asked));
            return null;
        }
        BufferedImage small = Resample.to(copy, Math.max(16, copy.getWidth() / 4), Math.max(16, copy.getHeight() / 4));
        if (FlatScene.graphic(small)) {
            depths.add(ShotDepth.flat(
                    "parallax skipped: the picture is flat (a chart, document, screenshot or pattern)", asked));
            return null;
        }
        SubjectMatte.Matte matte = null;
        String skipped;
        try {
            matte = SubjectMatte.find(copy, subject);
            skipped = matte.trusted() ? null : matte.reason();
        } catch (LinkageError e) {
            skipped = "subject separation (OpenCV) is not available on this worker";
        } catch (RuntimeException e) {
            // OpenCV reports its own failures as RuntimeException: the shot is still drawn, flat, and the cause logged
            LOG.warnf(e, "subject separation failed; drawing the shot flat");
            skipped = "subject separation failed on this picture";
        }
        if (skipped != null) {
            return ground(
                    shot, copy, small, subject, move, w, h, zoom, visW, visH, "parallax skipped: " + skipped, asked);
        }
        if (subject.source() == Subject.Source.SALIENCY || subject.source() == Subject.Source.CENTRE) {
            // the camera aims at the subject the layers were made of, not at whatever saliency picked
            move = move(shot, matte.aim(), visW, visH);
        }
        boolean rack = shot.motion().kind().equals("rack focus");
        BufferedImage graded = plan.look().grade() ? Canvas.grade(FrameSynthesizer.deepCopy(copy)) : copy;
        String kind = shot.motion().kind();
        LayerStack layers = LayerStack.build(graded, matte, rack, Parallax.reveal(kind, plan.loop()));
        Parallax parallax =
                Parallax.of(kind, shot.depth().strength() * matte.steadiness(), move, layers, graded.getWidth() / zoom);
        LayeredShot frames = new LayeredShot(layers, w, h, zoom, move, parallax, rack, bar);
        Parallax.Relative first = frames.relative(0);
        Parallax.Relative last = frames.relative(move.periodic() ? 0.5 : 1);
        depths.add(new ShotDepth(
                true,
                "parallax: subject layer + background"
                        + (rack ? ", focus pulled from the background to the subject" : ""),
                false,
                matte.area(),
                new double[] {first.scale(), last.scale()},
                new double[] {first.dx(), last.dx()},
                new double[] {first.dy(), last.dy()},
                null,
                null));
        return frames;
    }

    /**
     * A shot with no subject to lift off, drawn over its {@link GroundPlane} when the picture shows
     * one (a sky or another smooth region along the top, ground below); else null, with
     * {@code skipped} recorded as the reason it is flat. Rack focus needs a subject, so it stays flat.
     */
    private ShotFrames ground(
            Shot shot,
            BufferedImage copy,
            BufferedImage small,
            Subject subject,
            CameraMove move,
            int w,
            int h,
            double zoom,
            double visW,
            double visH,
            String skipped,
            boolean asked) {
        GroundPlane ground = shot.motion().kind().equals("rack focus") ? null : GroundPlane.find(small);
        if (ground == null) {
            depths.add(ShotDepth.flat(skipped, asked));
            return null;
        }
        if (subject.source() == Subject.Source.SALIENCY || subject.source() == Subject.Source.CENTRE) {
            // what stood out was not a subject: frame the horizon with the ground coming towards the viewer below it
            double y = Math.max(0.5, Math.min(1 - visH / 2, ground.horizon() + 0.3 * visH));
            move = move(shot, new Subject(subject.x(), y, 0.2, 0.2, subject.source()), visW, visH);
        }
        StillPlanes planes = FrameSynthesizer.planes(copy, plan.look().grade());
        Parallax depth = GroundShot.depth(move, shot.depth().strength(), copy.getWidth() / zoom, copy.getWidth());
        GroundShot frames = new GroundShot(new FrameSynthesizer(planes, w, h, zoom, bar), move, ground, depth);
        depths.add(ShotDepth.ground(GROUND_LINE, ground.horizon(), 1 - depth.zoomK()));
        return frames;
    }

    /** The interpretation's line for a shot drawn over its ground plane. */
    static final String GROUND_LINE = "parallax: ground plane (the foreground moves more than the distance)";
}
