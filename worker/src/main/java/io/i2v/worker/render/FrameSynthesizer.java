package io.i2v.worker.render;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * Draws frames of a camera move over a still. The source is resampled once, with a
 * high-quality filter, to a working copy just large enough for the closest zoom; each frame
 * is then a sub-pixel-exact affine resample of that copy (never an integer crop window), so
 * motion is smooth and zooming stays sharp and cheap.
 */
public final class FrameSynthesizer {
    private final BufferedImage working;
    private final int width;
    private final int height;
    private final double maxZoom;
    private final double coverW;
    private final double coverH;

    public FrameSynthesizer(BufferedImage source, int width, int height, double maxZoom) {
        this.width = width;
        this.height = height;
        this.maxZoom = maxZoom;
        double cover = Math.max((double) width / source.getWidth(), (double) height / source.getHeight());
        int ww = (int) Math.ceil(source.getWidth() * cover * maxZoom);
        int wh = (int) Math.ceil(source.getHeight() * cover * maxZoom);
        this.working = Resample.to(source, ww, wh);
        // the frame at zoom 1 shows coverW x coverH working pixels
        this.coverW = width * maxZoom;
        this.coverH = height * maxZoom;
    }

    public BufferedImage newFrame() {
        return new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    }

    public static int[] pixels(BufferedImage frame) {
        return ((DataBufferInt) frame.getRaster().getDataBuffer()).getData();
    }

    /** Renders {@code pose} into {@code frame} (TYPE_INT_RGB, output size). */
    public void render(CameraPath.Pose pose, BufferedImage frame) {
        double viewW = coverW / pose.zoom();
        double viewH = coverH / pose.zoom();
        double cx = clamp(pose.x() * working.getWidth(), viewW / 2, working.getWidth() - viewW / 2);
        double cy = clamp(pose.y() * working.getHeight(), viewH / 2, working.getHeight() - viewH / 2);
        double scale = width / viewW;
        AffineTransform t = new AffineTransform();
        t.scale(scale, scale);
        t.translate(-(cx - viewW / 2), -(cy - viewH / 2));
        Graphics2D g = frame.createGraphics();
        try {
            g.setComposite(AlphaComposite.Src);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(working, t, null);
        } finally {
            g.dispose();
        }
    }

    private static double clamp(double v, double lo, double hi) {
        return lo > hi ? (lo + hi) / 2 : Math.max(lo, Math.min(hi, v));
    }
}
