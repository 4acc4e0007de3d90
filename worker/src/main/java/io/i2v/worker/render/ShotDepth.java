package io.i2v.worker.render;

/**
 * What the renderer made of a shot's depth, for the job's interpretation and the timeline draft:
 * whether it was drawn as layers, the line people read ("parallax: subject layer + background",
 * "parallax skipped: no clear subject"), whether that refuses what was asked, and for layered
 * shots the subject's share of the picture and its motion against the background (scale and
 * shift, as fractions of the image, at the first and last frame). A scene drawn over its ground
 * plane instead has {@code horizon} (a fraction of the picture's height, from the top) and how much
 * of the camera's move the farthest rows make ({@code distanceFollows}); null for other shots.
 */
public record ShotDepth(
        boolean layered,
        String line,
        boolean refused,
        double subjectArea,
        double[] subjectScale,
        double[] subjectShiftX,
        double[] subjectShiftY,
        Double horizon,
        Double distanceFollows) {

    static ShotDepth flat(String line, boolean refused) {
        return new ShotDepth(false, line, refused, 0, null, null, null, null, null);
    }

    static ShotDepth ground(String line, double horizon, double distanceFollows) {
        return new ShotDepth(false, line, false, 0, null, null, null, horizon, distanceFollows);
    }
}
