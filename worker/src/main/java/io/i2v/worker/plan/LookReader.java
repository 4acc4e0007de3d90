package io.i2v.worker.plan;

/** The picture treatment: "cinematic" asks for letterbox bars and the grade; an edit can drop the bars. */
final class LookReader {
    private LookReader() {}

    /** Whether the text asks for a cinematic video; that also sets the look, and a new plan's camera. */
    static boolean cinematic(Reading r) {
        return r.text().takeAny("cinematic", "cinema", "film look", "电影感", "电影");
    }

    static Look look(Reading r, boolean cinematic) {
        Look look = r.base().look();
        if (cinematic) {
            look = new Look(true, true);
            r.understand("cinematic: 2.39:1 letterbox, subtle grade, gentle push-in");
        }
        if (r.edit() && r.text().takeAny("no letterbox", "remove the bars", "without bars", "去掉黑边")) {
            look = new Look(false, look.grade());
            r.understand("no letterbox");
        }
        return look;
    }
}
