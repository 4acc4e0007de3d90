package io.i2v.nemosim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code run_sse}: refuses what the protocol refuses (1002, 503, 429, 2001), records the accepted
 * instruction, and scripts its stream — normal, silent, dropped (the work goes on), heartbeats
 * only, held, or with the trailing "temporary issue" line — for {@link StreamPlayer} to play.
 */
final class MessageStream {
    private static final int GENERATION_COST = 100;
    private static final int EDIT_COST = 50;

    private final Vertx vertx;
    private final SimSessions sessions;
    private final SimScript script;
    private final SimRecord record;
    private final SimReplies replies;
    private final StreamPlayer player;
    private final Clock clock;

    MessageStream(
            Vertx vertx,
            SimSessions sessions,
            SimScript script,
            SimRecord record,
            SimReplies replies,
            StreamPlayer player,
            Clock clock) {
        this.vertx = vertx;
        this.sessions = sessions;
        this.script = script;
        this.record = record;
        this.replies = replies;
        this.player = player;
        this.clock = clock;
    }

    void runSse(HttpServerRequest req, SimUser user, Buffer body) {
        JsonNode b = replies.read(body);
        String sid = b.path("session_id").asText();
        if (script.take(SimScript.Fault.SESSION_LOST)) {
            sessions.forget(sid);
        }
        SimSession s = sessions.find(req, user, sid);
        if (s == null) {
            return;
        }
        if (script.take(SimScript.Fault.UNAVAILABLE)) {
            replies.error(req, 503, 503, "service unavailable");
            return;
        }
        if (script.take(SimScript.Fault.RATE_LIMITED)) {
            replies.error(req, 429, 429, "rate limited");
            return;
        }
        boolean edit = s.draft != null;
        int cost = edit ? EDIT_COST : GENERATION_COST;
        if (script.take(SimScript.Fault.NO_CREDITS) || user.credits.get() < cost) {
            replies.error(req, 403, 2001, "insufficient credits");
            return;
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode p : b.path("new_message").path("parts")) {
            text.append(p.path("text").asText());
        }
        record.instruction(new SimRecord.Instruction(clock.instant(), sid, text.toString()));
        s.readsSinceInstruction = 0;
        stream(req.response(), new Instruction(user, s, edit, cost, text.toString()));
    }

    /** An accepted instruction: what it costs and what it does to the session's draft. */
    private record Instruction(SimUser user, SimSession session, boolean edit, int cost, String text) {
        String tool() {
            return edit ? "edit_timeline" : "generate_video";
        }

        void apply(SimScript script) {
            user.credits.addAndGet(-cost);
            session.nextDraft(edit, text, script);
        }
    }

    private void stream(HttpServerResponse resp, Instruction in) {
        boolean silent = script.take(SimScript.Fault.SILENT_STREAM);
        boolean drop = script.take(SimScript.Fault.DROP_STREAM);
        boolean heartbeatsOnly = script.take(SimScript.Fault.HEARTBEATS_ONLY);
        boolean hold = script.take(SimScript.Fault.HOLD_STREAM);
        boolean trailing = script.take(SimScript.Fault.TRAILING_ISSUE);
        StreamEvents events = new StreamEvents(script.streamForm());
        player.open(resp);
        if (heartbeatsOnly) {
            player.hold(resp, events);
            return;
        }
        List<StreamStep> steps = new ArrayList<>();
        if (!silent) {
            steps.add(event(events.text(in.edit ? "Sure, updating your video." : "Got it! I'll animate your image.")));
        }
        steps.add(event(events.unknownKind()));
        steps.add(event(events.toolCall(in.tool(), in.text)));
        if (drop) {
            steps.add(new StreamStep.Drop());
            workAfterDrop(in);
        } else {
            steps.add(event(events.heartbeat()));
            steps.add(new StreamStep.KeepAlive());
            for (int i = 0; i < script.extraHeartbeats(); i++) {
                steps.add(event(events.heartbeat()));
            }
            steps.add(new StreamStep.Work(() -> in.apply(script)));
            steps.add(event(events.toolResult(in.tool())));
            if (hold) {
                steps.add(new StreamStep.Hold());
            } else {
                if (!silent) {
                    steps.add(event(events.text(
                            "Your video is ready! Click Export to download it, or preview it in the timeline.")));
                    steps.add(event(events.text("It is " + script.durationMs() / 1000.0 + " seconds long with "
                            + "gentle background music.")));
                }
                if (trailing) {
                    steps.add(event(events.text("I encountered a temporary issue. Please try again.")));
                }
            }
        }
        player.play(resp, steps, events);
    }

    /** The work goes on after the connection is gone; state shows it from the scripted read on. */
    private void workAfterDrop(Instruction in) {
        int changeAt = script.stateChangeAtRead();
        in.session.changeAtRead = changeAt;
        vertx.setTimer(script.eventGap().toMillis() * 3, t -> {
            if (changeAt == 0) {
                in.apply(script);
            } else if (changeAt > 0) {
                in.user.credits.addAndGet(-in.cost);
                in.session.pending = in.session.draftAfter(in.edit, in.text, script);
            }
        });
    }

    private static StreamStep event(ObjectNode payload) {
        return new StreamStep.Event(payload);
    }
}
