package io.i2v.worker.render;

import io.i2v.worker.plan.Caption;
import io.i2v.worker.plan.RenderPlan;
import io.i2v.worker.plan.Shot;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * The frames of a plan: each shot's camera move over its image (aimed at the subject, or the
 * whole image over a blurred fill), cross-fades between shots, letterbox bars, captions.
 */
public final class TimelineFrames implements FrameSource {
    private static final Logger LOG = Logger.getLogger(TimelineFrames.class);
    private final RenderPlan plan;
    private final List<ShotFrames> shots = new ArrayList<>();
    private final List<ShotDepth> depths = new ArrayList<>();
    private final List<TextLayer> texts = new ArrayList<>();
    private final int bar;
    private byte[] scratch;

    /**
     * {@code images}: the decoded inputs, indexed by {@link Shot#image()}; {@code subjects} finds
     * where each shot aims unless the plan gives a focus point.
     */
    public TimelineFrames(RenderPlan plan, List<BufferedImage> images, SubjectFinder subjects) {
        this.plan = plan;
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
                CompletableFuture<StillPlanes> planes = surelyFlat ? CompletableFuture.supplyAsync(
                        () -> FrameSynthesizer.planes(copy, plan.look().grade())) : null;
                Subject subject = focus != null ? focus : subjects.find(copy);
                CameraMove move = move(shot, subject, visW, visH);
                ShotFrames layered = layered(shot, copy, subject, move, w, h, zoom, visW, visH);
                if (layered != null) {
                    shots.add(layered);
                } else {
                    StillPlanes flat = planes != null ? planes.join() : FrameSynthesizer.planes(copy, plan.look().grade());
                    shots.add(new FlatShot(new FrameSynthesizer(flat, w, h, move.maxZoom()), move));
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
                StillPlanes working = FrameSynthesizer.prepare(canvas, w, h, z, plan.look().grade());
                shots.add(new FlatShot(new FrameSynthesizer(working, w, h, z), move));
                depths.add(ShotDepth.flat("parallax skipped: the whole image is shown over a blurred fill",
                        shot.depth().mode().equals("layers")));
            }
        }
        for (Caption c : plan.captions()) {
            texts.add(new TextLayer(c, w, h));
        }
        bar = plan.look().letterbox() && w > h ? Math.max(0, (int) Math.round((h - w / 2.39) / 2)) & ~1 : 0;
    }

    private CameraMove move(Shot shot, Subject subject, double visW, double visH) {
        return plan.loop() ? CameraPlanner.loop(shot.motion(), subject, visW, visH)
                : CameraPlanner.plan(shot.motion(), subject, visW, visH);
    }

    /**
     * The shot as subject and background layers, or null (with the reason recorded) where the plan
     * says flat, the camera holds still, the picture is a graphic, or the matte is not trusted.
     */
    private ShotFrames layered(Shot shot, BufferedImage copy, Subject subject, CameraMove move, int w, int h,
                               double zoom, double visW, double visH) {
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
            depths.add(ShotDepth.flat("parallax skipped: the picture is flat (a chart, document, screenshot or "
                    + "pattern)", asked));
            return null;
        }
        SubjectMatte.Matte matte;
        try {
            matte = SubjectMatte.find(copy, subject);
        } catch (LinkageError e) {
            return ground(shot, copy, small, subject, move, w, h, zoom, visW, visH, "parallax skipped: subject "
                    + "separation (OpenCV) is not available on this worker", asked);
        } catch (RuntimeException e) {
            // OpenCV reports its own failures as RuntimeException: the shot is still drawn, flat, and the cause logged
            LOG.warnf(e, "subject separation failed; drawing the shot flat");
            return ground(shot, copy, small, subject, move, w, h, zoom, visW, visH, "parallax skipped: subject "
                    + "separation failed on this picture", asked);
        }
        if (!matte.trusted()) {
            return ground(shot, copy, small, subject, move, w, h, zoom, visW, visH, "parallax skipped: "
                    + matte.reason(), asked);
        }
        if (subject.source() == Subject.Source.SALIENCY || subject.source() == Subject.Source.CENTRE) {
            // the camera aims at the subject the layers were made of, not at whatever saliency picked
            move = move(shot, matte.aim(), visW, visH);
        }
        boolean rack = shot.motion().kind().equals("rack focus");
        BufferedImage graded = plan.look().grade() ? Canvas.grade(FrameSynthesizer.deepCopy(copy)) : copy;
        String kind = shot.motion().kind();
        LayerStack layers = LayerStack.build(graded, matte, rack, Parallax.reveal(kind, plan.loop()));
        Parallax parallax = Parallax.of(kind, shot.depth().strength() * matte.steadiness(), move, layers,
                graded.getWidth() / zoom);
        LayeredShot frames = new LayeredShot(layers, w, h, zoom, move, parallax, rack);
        Parallax.Relative first = frames.relative(0);
        Parallax.Relative last = frames.relative(move.periodic() ? 0.5 : 1);
        depths.add(new ShotDepth(true, "parallax: subject layer + background" + (rack ? ", focus pulled from the "
                + "background to the subject" : ""), false, matte.area(), new double[] {first.scale(), last.scale()},
                new double[] {first.dx(), last.dx()}, new double[] {first.dy(), last.dy()}, null, null));
        return frames;
    }

    /**
     * A shot with no subject to lift off, drawn over its {@link GroundPlane} when the picture shows
     * one (a sky or another smooth region along the top, ground below); else null, with
     * {@code skipped} recorded as the reason it is flat. Rack focus needs a subject, so it stays flat.
     */
    private ShotFrames ground(Shot shot, BufferedImage copy, BufferedImage small, Subject subject, CameraMove move,
                              int w, int h, double zoom, double visW, double visH, String skipped, boolean asked) {
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
        GroundShot frames = new GroundShot(new FrameSynthesizer(planes, w, h, zoom), move, ground, depth);
        depths.add(ShotDepth.ground(GROUND_LINE, ground.horizon(), 1 - depth.zoomK()));
        return frames;
    }

    /** The interpretation's line for a shot drawn over its ground plane. */
    static final String GROUND_LINE = "parallax: ground plane (the foreground moves more than the distance)";

    /** How the frames are drawn (see {@link PlaneKernel#fastest()}). */
    public String kernel() {
        return shots.get(0).kernel();
    }

    /**
     * The subject layer's matte as composited in frame {@code index} of a single-shot plan, into
     * {@code mask} (width x height); false (mask untouched) when the shot is not layered.
     */
    public boolean subjectMask(int index, byte[] mask) {
        if (shots.size() != 1 || !(shots.get(0) instanceof LayeredShot layered)) {
            return false;
        }
        layered.subjectMask(singleShotProgress(index, layered), mask);
        return true;
    }

    /** The layered shots, for tests in this package. */
    List<LayeredShot> layeredShots() {
        return shots.stream().filter(LayeredShot.class::isInstance).map(LayeredShot.class::cast).toList();
    }

    /** Per shot: layered or flat, and why. */
    public List<ShotDepth> depths() {
        return List.copyOf(depths);
    }

    /** Things the viewer should know that the plan could not show as asked (missing font glyphs). */
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).missingGlyphs()) {
                notes.add("No font on this worker has every character of \"" + plan.captions().get(i).text()
                        + "\"; those characters show as boxes.");
            }
        }
        return notes;
    }

    @Override
    public int width() {
        return plan.width();
    }

    @Override
    public int height() {
        return plan.height();
    }

    @Override
    public int fps() {
        return plan.fps();
    }

    @Override
    public int frameCount() {
        return plan.frameCount();
    }

    @Override
    public void render(int index, byte[] yuv) {
        double t = (double) index / plan.fps();
        int n = plan.shots().size();
        int current = 0;
        for (int i = 0; i < n; i++) {
            if (t >= plan.shotSpan(i)[0]) {
                current = i;
            }
        }
        drawShot(current, index, yuv);
        if (current > 0) {
            double fade = plan.crossfadeSeconds();
            double into = t - plan.shotSpan(current)[0];
            if (into < fade) {
                if (scratch == null) {
                    scratch = new byte[yuv.length];
                }
                drawShot(current - 1, index, scratch);
                mix(scratch, yuv, into / fade);
            }
        }
        letterbox(yuv);
        for (TextLayer text : texts) {
            text.blend(yuv, plan.width(), plan.height(), t);
        }
    }

    private void drawShot(int shot, int index, byte[] yuv) {
        double[] span = plan.shotSpan(shot);
        ShotFrames frames = shots.get(shot);
        boolean loop = frames.move().periodic();
        double p;
        if (plan.shots().size() == 1) {
            p = singleShotProgress(index, frames);
        } else {
            double len = span[1] - span[0] - (loop ? 0 : 1.0 / plan.fps());
            p = len <= 0 ? 0 : ((double) index / plan.fps() - span[0]) / len;
        }
        frames.render(p, yuv);
    }

    /** Where frame {@code index} of a one-shot clip is on its move: 0 to 1, or for a loop 0 to (n-1)/n. */
    private double singleShotProgress(int index, ShotFrames frames) {
        int count = plan.frameCount();
        // a loop's last frame leads into its first: sample i / n, so frame n would be frame 0 again
        return count == 1 ? 0 : frames.move().periodic() ? (double) index / count : (double) index / (count - 1);
    }

    /** {@code into} ← from + (into − from) × k, every plane. */
    private static void mix(byte[] from, byte[] into, double k) {
        int a = (int) Math.round(k * 256);
        for (int i = 0; i < into.length; i++) {
            int f = from[i] & 0xff;
            into[i] = (byte) (f + (((into[i] & 0xff) - f) * a + 128 >> 8));
        }
    }

    private void letterbox(byte[] yuv) {
        if (bar == 0) {
            return;
        }
        int w = plan.width();
        int h = plan.height();
        java.util.Arrays.fill(yuv, 0, bar * w, (byte) 16);
        java.util.Arrays.fill(yuv, (h - bar) * w, h * w, (byte) 16);
        int cw = w / 2;
        int ch = h / 2;
        int u = w * h;
        int v = u + cw * ch;
        java.util.Arrays.fill(yuv, u, u + bar / 2 * cw, (byte) 128);
        java.util.Arrays.fill(yuv, u + (ch - bar / 2) * cw, u + ch * cw, (byte) 128);
        java.util.Arrays.fill(yuv, v, v + bar / 2 * cw, (byte) 128);
        java.util.Arrays.fill(yuv, v + (ch - bar / 2) * cw, v + ch * cw, (byte) 128);
    }
}
