package io.i2v.nemosim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The sessions: creating one, finding the caller's own (else 1002), and reading its state. */
final class SimSessions {
    private final Map<String, SimSession> sessions = new ConcurrentHashMap<>();
    private final SimScript script;
    private final SimRecord record;
    private final SimReplies replies;
    private final Clock clock;

    SimSessions(SimScript script, SimRecord record, SimReplies replies, Clock clock) {
        this.script = script;
        this.record = record;
        this.replies = replies;
        this.clock = clock;
    }

    void create(HttpServerRequest req, SimUser user) {
        SimSession s = new SimSession(
                "ses_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20), user);
        sessions.put(s.id, s);
        replies.ok(
                req,
                replies.object()
                        .put("task_id", "task_" + s.id.substring(4))
                        .put("session_id", s.id)
                        .put("user_id", user.id));
    }

    /** The caller's session {@code id}, or null once 1002 has been sent. */
    SimSession find(HttpServerRequest req, SimUser user, String id) {
        SimSession s = sessions.get(id);
        if (s == null || !s.ownedBy(user)) {
            replies.error(req, 404, 1002, "session not found");
            return null;
        }
        return s;
    }

    /** The SESSION_LOST fault: the backend forgets the session. */
    void forget(String id) {
        sessions.remove(id);
    }

    Set<String> ids() {
        return sessions.keySet();
    }

    /** {@code data.state}: the draft (once there is one), the files, the canvas. */
    void state(HttpServerRequest req, SimUser user, String sid) {
        SimSession s = find(req, user, sid);
        if (s == null) {
            return;
        }
        record.stateRead(new SimRecord.StateRead(clock.instant(), sid));
        s.read();
        ObjectNode state = replies.object();
        if (s.draft != null) {
            state.set("draft", s.draft);
        }
        ArrayNode infos = state.putArray("video_infos");
        for (String f : s.files) {
            infos.addObject().put("filename", f);
        }
        state.putObject("canvas_config").put("width", script.width()).put("height", script.height());
        state.putArray("video_analyses");
        state.putArray("generated_media");
        ObjectNode d = replies.object();
        d.set("state", state);
        replies.ok(req, d);
    }
}
