package io.i2v.worker.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.i2v.worker.render.CameraPath;
import io.i2v.worker.render.ShotDepth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plan as a timeline of tracks, in the short-key draft form the cloud backend also uses:
 * {@code t} tracks, {@code tt} track type (0 video, 1 audio/BGM, 7 text/title), {@code sg}
 * segments, {@code st}/{@code d} start and duration in ms, {@code m} metadata. The draft holds
 * everything the renderer needs, so a follow-up edit starts from the parent's draft.
 */
public final class Timeline {
    public static final int VIDEO = 0;
    public static final int AUDIO = 1;
    public static final int TEXT = 7;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Timeline() {}

    public static ObjectNode toDraft(RenderPlan plan) {
        return toDraft(plan, List.of());
    }

    /**
     * The draft, with what the renderer made of each shot's depth ({@code depths}, in shot order;
     * may be shorter): a {@code layers} list per segment — the background following the camera and,
     * when the shot was layered, the subject's scale and shift against it at the first and last frame.
     */
    public static ObjectNode toDraft(RenderPlan plan, List<ShotDepth> depths) {
        ObjectNode draft = F.objectNode();
        draft.put("v", 1);
        ObjectNode m = draft.putObject("m");
        m.put("width", plan.width())
                .put("height", plan.height())
                .put("fps", plan.fps())
                .put("duration", plan.durationSeconds())
                .put("arrangement", plan.arrangement())
                .put("format", plan.format())
                .put("letterbox", plan.look().letterbox())
                .put("grade", plan.look().grade())
                .put("loop", plan.loop());
        ArrayNode tracks = draft.putArray("t");
        ObjectNode video = tracks.addObject().put("tt", VIDEO);
        ArrayNode vs = video.putArray("sg");
        for (int i = 0; i < plan.shots().size(); i++) {
            Shot s = plan.shots().get(i);
            double[] span = plan.shotSpan(i);
            ObjectNode seg = vs.addObject().put("st", ms(span[0])).put("d", ms(span[1] - span[0]));
            ObjectNode sm = seg.putObject("m");
            sm.put("name", s.name())
                    .put("image", s.image())
                    .put("motion", s.motion().kind())
                    .put("intensity", s.motion().intensity())
                    .put("easing", s.motion().easing().name().toLowerCase(Locale.ROOT))
                    .put("fit", s.fit());
            if (s.focusX() != null) {
                sm.put("focusX", s.focusX()).put("focusY", s.focusY());
            }
            sm.put("depth", s.depth().mode()).put("parallax", s.depth().strength());
            if (i < depths.size()) {
                ShotDepth d = depths.get(i);
                sm.put("depthResult", d.line());
                ArrayNode layers = sm.putArray("layers");
                if (d.horizon() != null) {
                    // the ground follows the camera; above the horizon the distance makes only part of its move
                    layers.addObject()
                            .put("name", "ground")
                            .put("motion", "camera")
                            .put("below", round(d.horizon()));
                    layers.addObject()
                            .put("name", "distance")
                            .put("motion", "parallax")
                            .put("above", round(d.horizon()))
                            .put("follows", round(d.distanceFollows()));
                    continue;
                }
                layers.addObject()
                        .put("name", d.layered() ? "background" : "picture")
                        .put("motion", "camera");
                if (d.layered()) {
                    ObjectNode subject = layers.addObject()
                            .put("name", "subject")
                            .put("motion", "parallax")
                            .put("area", round(d.subjectArea()));
                    subject.putArray("scale").add(round(d.subjectScale()[0])).add(round(d.subjectScale()[1]));
                    subject.putArray("shiftX").add(round(d.subjectShiftX()[0])).add(round(d.subjectShiftX()[1]));
                    subject.putArray("shiftY").add(round(d.subjectShiftY()[0])).add(round(d.subjectShiftY()[1]));
                }
            }
        }
        if (plan.music() != null) {
            Music mu = plan.music();
            tracks.addObject()
                    .put("tt", AUDIO)
                    .putArray("sg")
                    .addObject()
                    .put("st", 0)
                    .put("d", ms(plan.durationSeconds()))
                    .putObject("m")
                    .put("name", mu.name())
                    .put("volume", mu.volumePercent())
                    .put("fadeOut", mu.fadeOutSeconds());
        }
        if (!plan.captions().isEmpty()) {
            ArrayNode ts = tracks.addObject().put("tt", TEXT).putArray("sg");
            for (Caption c : plan.captions()) {
                ts.addObject()
                        .put("st", ms(c.start()))
                        .put("d", ms(c.end() - c.start()))
                        .putObject("m")
                        .put("text", c.text())
                        .put("title", c.title())
                        .put("position", c.position())
                        .put("fade", c.fade());
            }
        }
        return draft;
    }

    /** The plan a draft describes (no interpretation: that belongs to the job that made it). */
    public static RenderPlan fromDraft(JsonNode draft) {
        JsonNode m = draft.path("m");
        List<Shot> shots = new ArrayList<>();
        List<Caption> captions = new ArrayList<>();
        Music music = null;
        for (JsonNode track : draft.path("t")) {
            int type = track.path("tt").asInt(-1);
            for (JsonNode seg : track.path("sg")) {
                JsonNode sm = seg.path("m");
                if (type == VIDEO) {
                    Motion motion = new Motion(
                            sm.path("motion").asText("push in"),
                            sm.path("intensity").asDouble(1),
                            CameraPath.Easing.valueOf(
                                    sm.path("easing").asText("smooth").toUpperCase(Locale.ROOT)));
                    String depth = sm.path("depth").asText("auto");
                    shots.add(new Shot(
                            sm.path("name").asText("image"),
                            sm.path("image").asInt(shots.size()),
                            motion,
                            sm.path("fit").asBoolean(false),
                            sm.has("focusX") ? sm.get("focusX").asDouble() : null,
                            sm.has("focusY") ? sm.get("focusY").asDouble() : null,
                            new Depth(
                                    Depth.MODES.contains(depth) ? depth : "auto",
                                    sm.path("parallax").asDouble(1))));
                } else if (type == AUDIO) {
                    music = new Music(
                            sm.path("name").asText("music"),
                            sm.path("volume").asInt(100),
                            sm.path("fadeOut").asDouble(0));
                } else if (type == TEXT) {
                    double st = seg.path("st").asLong() / 1000.0;
                    captions.add(new Caption(
                            sm.path("text").asText(),
                            sm.path("title").asBoolean(),
                            st,
                            st + seg.path("d").asLong() / 1000.0,
                            sm.path("position").asText("center"),
                            sm.path("fade").asDouble(0.5)));
                }
            }
        }
        if (shots.isEmpty()) {
            throw new IllegalArgumentException("draft has no video segments");
        }
        return new RenderPlan(
                m.path("width").asInt(),
                m.path("height").asInt(),
                m.path("fps").asInt(),
                m.path("duration").asDouble(),
                m.path("arrangement").asText("single"),
                shots,
                captions,
                music,
                new Look(m.path("letterbox").asBoolean(), m.path("grade").asBoolean()),
                m.path("format").asText("mp4"),
                null,
                m.path("loop").asBoolean(false));
    }

    /** {@code Timeline (3 tracks): 1. Video: harbor.jpg (0-10s, push in) 2. BGM: song.mp3 (0-10s, 35%) 3. Title: …}. */
    public static String summary(RenderPlan plan) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < plan.shots().size(); i++) {
            Shot s = plan.shots().get(i);
            double[] span = plan.shotSpan(i);
            items.add("Video: " + s.name() + " (" + sec(span[0]) + "-" + sec(span[1]) + "s, "
                    + s.motion().kind()
                    + (s.fit() ? ", whole image" : "") + (s.depth().flat() ? ", flat" : "")
                    + (plan.loop() ? ", loop" : "") + ")");
        }
        if (plan.music() != null) {
            items.add("BGM: " + plan.music().name() + " (0-" + sec(plan.durationSeconds()) + "s, "
                    + plan.music().volumePercent() + "%)");
        }
        for (Caption c : plan.captions()) {
            items.add((c.title() ? "Title" : "Caption") + ": \"" + c.text() + "\" (" + sec(c.start()) + "-"
                    + sec(c.end()) + "s)");
        }
        int tracks = 1 + (plan.music() == null ? 0 : 1) + (plan.captions().isEmpty() ? 0 : 1);
        StringBuilder b = new StringBuilder("Timeline (" + tracks + (tracks == 1 ? " track" : " tracks") + "):");
        for (int i = 0; i < items.size(); i++) {
            b.append(' ').append(i + 1).append(". ").append(items.get(i));
        }
        return b.toString();
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    private static long ms(double seconds) {
        return Math.round(seconds * 1000);
    }

    static String sec(double s) {
        double r = Math.round(s * 10) / 10.0;
        return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
    }
}
