package io.i2v.worker.nemo;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The backend writes for a GUI ("click Export", "open the panel", "drag", "preview in timeline").
 * Such sentences are instructions for us (we export and read state ourselves), not for people:
 * they are dropped from the messages. So is the trailing "I encountered a temporary issue" that
 * can follow a normal reply.
 */
final class GuiPhrases {
    private static final Pattern GUI =
            Pattern.compile("(?i)\\b(click|tap|press|hit)\\b.*\\b(export|button|download|render)\\b"
                    + "|\\bopen (the|your)\\b.*\\bpanel\\b|\\bdrag\\b|\\bpreview\\b.*\\btimeline\\b"
                    + "|\\bin the (editor|sidebar|toolbar)\\b");
    private static final Pattern TEMPORARY_ISSUE = Pattern.compile("(?i)i encountered a temporary issue");
    private static final Pattern SENTENCE = Pattern.compile("(?<=[.!?])\\s+");

    private GuiPhrases() {}

    /** The people-facing part of {@code text}; empty when nothing is left. */
    static String forPeople(String text) {
        if (text == null) {
            return "";
        }
        List<String> kept = new ArrayList<>();
        for (String sentence : SENTENCE.split(text.trim())) {
            if (!sentence.isBlank()
                    && !GUI.matcher(sentence).find()
                    && !TEMPORARY_ISSUE.matcher(sentence).find()) {
                kept.add(sentence.trim());
            }
        }
        return String.join(" ", kept);
    }

    /** True when the backend asked the (imagined) user to export: we do that ourselves. */
    static boolean asksToExport(String text) {
        return text != null && GUI.matcher(text).find() && text.toLowerCase().contains("export");
    }

    static boolean isTemporaryIssue(String text) {
        return text != null && TEMPORARY_ISSUE.matcher(text).find();
    }
}
