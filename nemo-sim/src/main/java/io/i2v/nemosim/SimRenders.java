package io.i2v.nemosim;

import static io.i2v.nemo.contract.NemoApi.SKILL_PLATFORM;
import static io.i2v.nemo.contract.NemoApi.SKILL_SOURCE;
import static io.i2v.nemo.contract.NemoApi.SKILL_VERSION;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.i2v.nemo.contract.NemoApi;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Exports: submit (attribution headers required), poll in either status shape, cancel, download, CDN. */
final class SimRenders {
    /** Where a completed render's output URL points (the simulator's stand-in for the vendor's CDN). */
    static final String CDN = "/cdn/renders/{" + NemoApi.ID + "}.mp4";

    private final Map<String, SimRender> renders = new ConcurrentHashMap<>();
    private final Vertx vertx;
    private final SimSessions sessions;
    private final SimScript script;
    private final SimRecord record;
    private final SimReplies replies;
    private final Mp4Maker mp4;
    private final Clock clock;
    private final Supplier<String> baseUrl;

    SimRenders(
            Vertx vertx,
            SimSessions sessions,
            SimScript script,
            SimRecord record,
            SimReplies replies,
            Mp4Maker mp4,
            Clock clock,
            Supplier<String> baseUrl) {
        this.vertx = vertx;
        this.sessions = sessions;
        this.script = script;
        this.record = record;
        this.replies = replies;
        this.mp4 = mp4;
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    /** Lets every held render (HOLD_RENDER) complete. */
    void release() {
        renders.values().forEach(r -> r.hold = false);
    }

    void submit(HttpServerRequest req, SimUser user, Buffer body) {
        JsonNode b = replies.read(body);
        if (!req.headers().contains(SKILL_SOURCE)
                || !req.headers().contains(SKILL_VERSION)
                || !req.headers().contains(SKILL_PLATFORM)) {
            replies.error(req, 402, 402, "export not allowed: missing attribution headers");
            return;
        }
        if (script.take(SimScript.Fault.EXPORT_NOT_IN_PLAN)) {
            replies.error(req, 402, 402, "your plan does not include export");
            return;
        }
        String id = b.path("id").asText();
        String sid = b.path("sessionId").asText();
        if (sessions.find(req, user, sid) == null) {
            return;
        }
        if (id.isBlank() || renders.containsKey(id) || script.take(SimScript.Fault.RENDER_ID_REJECTED)) {
            replies.error(req, 409, 409, "render id rejected: " + id);
            return;
        }
        JsonNode draft = b.path("draft");
        JsonNode meta = draft.path("m");
        int w = meta.path("width").asInt(script.width());
        int h = meta.path("height").asInt(script.height());
        int fps = meta.path("fps").asInt(script.fps());
        long frames = Math.max(1, Math.round(draft.path("d").asLong(script.durationMs()) * fps / 1000.0));
        SimRender r = new SimRender(id, sid);
        r.fail = script.take(SimScript.Fault.RENDER_FAILS);
        r.hold = script.take(SimScript.Fault.HOLD_RENDER);
        r.cdnMissing = script.take(SimScript.Fault.CDN_MISSING);
        renders.put(id, r);
        record.render(new SimRecord.Render(clock.instant(), id, sid));
        SimScript.Output output = script.output();
        if (!r.fail) {
            vertx.<Path>executeBlocking(() -> mp4.video(w, h, fps, frames, output), false)
                    .onSuccess(p -> r.file = p)
                    .onFailure(e -> r.fail = true);
        }
        replies.ok(req, replies.object().put("id", id).put("status", "pending"));
    }

    /** The status as {@code data.status} + {@code data.outputUrl}, or top-level {@code status} + {@code output.url}. */
    void poll(HttpServerRequest req, String id) {
        SimRender r = renders.get(id);
        if (r == null) {
            replies.error(req, 404, 404, "render not found: " + id);
            return;
        }
        r.poll(script.rendersPollsToComplete());
        String status = r.status;
        ObjectNode reply = replies.object().put("id", id).put("status", status).put("progress", r.progress());
        String output = status.equals("completed") ? baseUrl.get() + CDN.replace("{" + NemoApi.ID + "}", id) : null;
        if (script.renderShape() == SimScript.RenderShape.TOP_LEVEL) {
            if (output != null) {
                reply.putObject("output").put("url", output);
            }
            if (status.equals("failed")) {
                reply.put("error", "render failed");
            }
            replies.send(req, 200, reply);
            return;
        }
        if (output != null) {
            reply.put("outputUrl", output);
        }
        replies.ok(req, reply);
    }

    void cancel(HttpServerRequest req, String id) {
        SimRender r = renders.get(id);
        record.cancel(id);
        if (r != null) {
            r.status = "cancelled";
        }
        replies.ok(req, replies.object().put("id", id).put("status", "cancelled"));
    }

    /** The fallback download, with the bearer token. */
    void download(HttpServerRequest req, String id) {
        SimRender r = renders.get(id);
        if (r == null || r.file == null) {
            replies.error(req, 404, 404, "render not found");
        } else {
            sendFile(req, r);
        }
    }

    /** The output URL: no token, and 404 under CDN_MISSING. */
    void cdn(HttpServerRequest req, String id) {
        SimRender r = renders.get(id);
        if (r == null || r.file == null || r.cdnMissing) {
            req.response().setStatusCode(404).end("not found");
            return;
        }
        sendFile(req, r);
    }

    private static void sendFile(HttpServerRequest req, SimRender r) {
        req.response().putHeader("Content-Type", "video/mp4").sendFile(r.file.toString());
    }
}
