package io.i2v.worker.nemo;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Reading a session's draft (short keys: {@code t} tracks, {@code tt} track type, {@code sg}
 * segments, {@code d} duration ms, {@code m} metadata): exportable or not, a fingerprint to see
 * whether it changed, and the human summary ({@code Timeline (3 tracks): 1. Video: …}).
 */
final class Drafts {
    private Drafts() {}

    /** A draft is exportable when {@code t} exists and some track has a non-empty {@code sg}. */
    static boolean exportable(JsonNode draft) {
        if (draft == null || !draft.path("t").isArray()) {
            return false;
        }
        for (JsonNode track : draft.get("t")) {
            if (track.path("sg").isArray() && track.get("sg").size() > 0) {
                return true;
            }
        }
        return false;
    }

    static JsonNode draft(JsonNode state) {
        return state == null ? null : state.get("draft");
    }

    /** A short hash of the draft (the part of the state our work changes); "none" without one. */
    static String fingerprint(JsonNode state) {
        JsonNode draft = draft(state);
        if (draft == null || draft.isNull()) {
            return "none";
        }
        try {
            byte[] d =
                    MessageDigest.getInstance("SHA-256").digest(draft.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String summary(JsonNode draft) {
        if (draft == null || !draft.path("t").isArray()) {
            return "Timeline (0 tracks)";
        }
        List<String> items = new ArrayList<>();
        int i = 1;
        for (JsonNode track : draft.get("t")) {
            int type = track.path("tt").asInt();
            for (JsonNode sg : track.path("sg")) {
                items.add(i++ + ". " + describe(type, sg));
            }
        }
        int tracks = draft.get("t").size();
        return "Timeline (" + tracks + (tracks == 1 ? " track" : " tracks") + "): " + String.join(" ", items);
    }

    private static String describe(int type, JsonNode sg) {
        String span = seconds(sg.path("s").asLong()) + "-"
                + seconds(sg.path("s").asLong() + sg.path("d").asLong()) + "s";
        return switch (type) {
            case 0 -> "Video: " + sg.path("n").asText(sg.path("name").asText("clip")) + " (" + span + ")";
            case 1 ->
                "BGM: " + sg.path("n").asText(sg.path("name").asText("music")) + " (" + span
                        + (sg.has("v") ? ", " + sg.get("v").asInt() + "%" : "") + ")";
            case 7 -> "Title: \"" + sg.path("text").asText(sg.path("n").asText("")) + "\" (" + span + ")";
            default -> "Track " + type + ": " + sg.path("n").asText("segment") + " (" + span + ")";
        };
    }

    private static String seconds(long ms) {
        return ms % 1000 == 0 ? Long.toString(ms / 1000) : String.format(Locale.ROOT, "%.1f", ms / 1000.0);
    }
}
