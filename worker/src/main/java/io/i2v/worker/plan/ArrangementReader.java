package io.i2v.worker.plan;

/** Several images: one video with cross-fades ("slideshow", the default) or one clip per image ("batch"). */
final class ArrangementReader {
    private ArrangementReader() {}

    static String read(Reading r) {
        String arrangement = r.base().arrangement();
        int images = r.base().shots().size();
        if (images > 1) {
            PromptText text = r.text();
            if (text.takeAny(
                    "one clip per image",
                    "a clip per image",
                    "one video per image",
                    "separate clips",
                    "separate videos",
                    "each image",
                    "each photo",
                    "batch",
                    "分别",
                    "每张")) {
                arrangement = "batch";
            } else if (text.takeAny("slideshow", "transitions", "transition", "one video", "together", "幻灯片", "合成")) {
                arrangement = "slideshow";
            }
            r.understand(
                    arrangement.equals("batch")
                            ? "one clip per image (" + images + " videos)"
                            : "slideshow of " + images + " images with " + RenderPlan.CROSSFADE_SECONDS
                                    + " s cross-fades");
        }
        return arrangement;
    }
}
