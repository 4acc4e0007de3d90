package io.i2v.nemosim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpServerRequest;

/** The simulator's own endpoint (not protocol): what a separate process (./i2v chaos) can count. */
final class SimInspection {
    static final String PATH = "/_sim/record";

    private final SimRecord record;
    private final SimSessions sessions;
    private final SimReplies replies;

    SimInspection(SimRecord record, SimSessions sessions, SimReplies replies) {
        this.record = record;
        this.sessions = sessions;
        this.replies = replies;
    }

    /** {@code {"instructions":{session:n},"renders":{session:n}}}. */
    void summary(HttpServerRequest req) {
        ObjectNode body = replies.object();
        ObjectNode instructions = body.putObject("instructions");
        record.instructions()
                .forEach(i -> instructions.put(
                        i.sessionId(), instructions.path(i.sessionId()).asInt() + 1));
        ObjectNode rendersBySession = body.putObject("renders");
        for (String sid : sessions.ids()) {
            int n = record.renders(sid).size();
            if (n > 0) {
                rendersBySession.put(sid, n);
            }
        }
        replies.send(req, 200, body);
    }
}
