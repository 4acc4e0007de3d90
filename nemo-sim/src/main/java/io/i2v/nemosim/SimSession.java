package io.i2v.nemosim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One session: its files and its draft. After a dropped stream the work may sit in
 * {@link #pending} until the {@link #changeAtRead}-th state read shows it.
 */
final class SimSession {
    final String id;
    final SimUser user;
    final List<String> files = new CopyOnWriteArrayList<>();
    volatile ObjectNode draft;
    volatile ObjectNode pending;
    volatile int readsSinceInstruction;
    volatile int changeAtRead;
    private int revision;

    SimSession(String id, SimUser user) {
        this.id = id;
        this.user = user;
    }

    boolean ownedBy(SimUser other) {
        return user == other || user.id.equals(other.id);
    }

    synchronized void nextDraft(boolean edit, String instruction, SimScript s) {
        draft = draftAfter(edit, instruction, s);
    }

    /** The draft an instruction makes: a video, a BGM and a title track, in the short-key form. */
    synchronized ObjectNode draftAfter(boolean edit, String instruction, SimScript s) {
        revision++;
        int d = s.durationMs();
        String first = files.isEmpty() ? "image" : files.get(0);
        String title = edit ? "Edited: " + shorten(instruction) : "Animated " + first;
        ObjectNode draft = JsonNodeFactory.instance.objectNode();
        ArrayNode t = draft.putArray("t");
        ObjectNode video = t.addObject().put("tt", 0);
        video.putArray("sg")
                .addObject()
                .put("id", "seg_1")
                .put("n", first)
                .put("s", 0)
                .put("d", d);
        ObjectNode bgm = t.addObject().put("tt", 1);
        bgm.putArray("sg").addObject().put("n", "Lo-fi").put("s", 0).put("d", d).put("v", 35);
        ObjectNode text = t.addObject().put("tt", 7);
        text.putArray("sg").addObject().put("text", title).put("s", 0).put("d", Math.min(3000, d));
        draft.put("d", d);
        draft.putObject("m")
                .put("title", title)
                .put("width", s.width())
                .put("height", s.height())
                .put("fps", s.fps())
                .put("rev", revision);
        return draft;
    }

    /** A state read after an instruction; the pending work shows from the scripted read on. */
    void read() {
        readsSinceInstruction++;
        if (pending != null && changeAtRead > 0 && readsSinceInstruction >= changeAtRead) {
            draft = pending;
            pending = null;
        }
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) : s;
    }
}
