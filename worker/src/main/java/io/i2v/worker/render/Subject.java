package io.i2v.worker.render;

/**
 * Where the subject of a photo is, as a box in normalised image coordinates (centre and size),
 * and how it was found.
 */
public record Subject(double x, double y, double w, double h, Source source) {
    public static final Subject CENTRE = new Subject(0.5, 0.5, 0.3, 0.3, Source.CENTRE);

    /** How the box was found: faces, saliency, a focus point given with the job, or none (the centre). */
    public enum Source {
        FACES,
        SALIENCY,
        GIVEN,
        CENTRE
    }

    public Subject(double x, double y, double w, double h) {
        this(x, y, w, h, Source.GIVEN);
    }

    /** The same box in a frame where the image is placed at (ox, oy) with size (sw, sh), all normalised. */
    public Subject placed(double ox, double oy, double sw, double sh) {
        return new Subject(ox + x * sw, oy + y * sh, w * sw, h * sh, source);
    }
}
