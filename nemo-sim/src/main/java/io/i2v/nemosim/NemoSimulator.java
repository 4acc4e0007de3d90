package io.i2v.nemosim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NemoVideo agent API on loopback, following {@code nemo-protocol.md}: anonymous tokens,
 * sessions, uploads, the {@code run_sse} stream, session state, credits and renders (real MP4s),
 * with the documented variants and faults scripted through {@link #script()}. It is the
 * project's only fake: the real service cannot be reached from tests. Non-blocking (Vert.x), so
 * one simulator holds hundreds of open streams on a couple of threads.
 */
public final class NemoSimulator implements AutoCloseable {
    private static final Pattern UPLOAD = Pattern.compile("/api/upload-video/nemo_agent/me/([^/]+)");
    private static final Pattern STATE = Pattern.compile("/api/state/nemo_agent/me/([^/]+)/latest");
    private static final Pattern RENDER = Pattern.compile("/api/render/proxy/lambda/([^/]+)");
    private static final Pattern RENDER_CANCEL = Pattern.compile("/api/render/proxy/lambda/([^/]+)/cancel");
    private static final Pattern DOWNLOAD = Pattern.compile("/api/render/proxy/([^/]+)/download");
    private static final Pattern CDN = Pattern.compile("/cdn/renders/([^/]+)\\.mp4");
    private static final Set<String> ACCEPTED = Set.of("mp4", "mov", "avi", "webm", "mkv", "jpg", "jpeg", "png", "gif",
            "webp", "mp3", "wav", "m4a", "aac");

    private final ObjectMapper json = new ObjectMapper();
    private final Vertx vertx;
    private final boolean ownVertx;
    private final HttpServer server;
    private final SimScript script = new SimScript();
    private final SimRecord record;
    private final Mp4Maker mp4;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Map<String, String> tokenByClient = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Render> renders = new ConcurrentHashMap<>();
    private final Set<HttpServerResponse> held = ConcurrentHashMap.newKeySet();
    private final AtomicInteger openStreams = new AtomicInteger();
    private final AtomicInteger peakStreams = new AtomicInteger();
    private final AtomicInteger streamsCompleted = new AtomicInteger();

    private NemoSimulator(Vertx vertx, boolean ownVertx, Path workDir, boolean keepRequests, int port)
            throws Exception {
        this.vertx = vertx;
        this.ownVertx = ownVertx;
        this.record = new SimRecord(keepRequests);
        this.mp4 = new Mp4Maker(workDir);
        this.server = vertx.createHttpServer().requestHandler(this::handle).listen(port, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Starts on a free loopback port with its own event loop; {@code keepRequests} records every request. */
    public static NemoSimulator start(Path workDir, boolean keepRequests) throws Exception {
        return start(workDir, keepRequests, 0);
    }

    public static NemoSimulator start(Path workDir, boolean keepRequests, int port) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2));
        return new NemoSimulator(vertx, true, workDir, keepRequests, port);
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public SimScript script() {
        return script;
    }

    public SimRecord record() {
        return record;
    }

    /** A token the service knows without the anonymous flow (what {@code NEMO_TOKEN} would hold). */
    public void registerToken(String token, int credits) {
        users.put(token, new User("usr_" + token.hashCode(), token, null, Instant.MAX, credits));
    }

    /** Ends every held stream (HOLD_STREAM, HEARTBEATS_ONLY) by closing its connection. */
    public void releaseStreams() {
        for (HttpServerResponse r : List.copyOf(held)) {
            held.remove(r);
            vertx.runOnContext(v -> r.reset());
        }
    }

    /** Lets every held render (HOLD_RENDER) complete. */
    public void releaseRenders() {
        renders.values().forEach(r -> r.hold = false);
    }

    public int openStreams() {
        return openStreams.get();
    }

    public int peakStreams() {
        return peakStreams.get();
    }

    /** Starts counting the peak of open streams afresh. */
    public void resetPeakStreams() {
        peakStreams.set(openStreams.get());
    }

    public int streamsCompleted() {
        return streamsCompleted.get();
    }

    /** The id of the session an accepted instruction containing {@code marker} went to. */
    public String sessionOf(String marker) {
        List<SimRecord.Instruction> found = record.instructionsContaining(marker);
        return found.isEmpty() ? null : found.get(0).sessionId();
    }

    /** Credits left for the user of {@code token}. */
    public int credits(String token) {
        User u = users.get(token);
        return u == null ? -1 : u.credits.get();
    }

    @Override
    public void close() {
        releaseStreams();
        server.close();
        if (ownVertx) {
            vertx.close();
        }
    }

    // ---- routing

    /** {@code {"instructions":{session:n},"renders":{session:n}}}: what a separate process can count. */
    private void recordSummary(HttpServerRequest req) {
        ObjectNode body = json.createObjectNode();
        ObjectNode instructions = body.putObject("instructions");
        record.instructions().forEach(i -> instructions.put(i.sessionId(), instructions.path(i.sessionId()).asInt() + 1));
        ObjectNode rendersBySession = body.putObject("renders");
        for (String sid : sessions.keySet()) {
            int n = record.renders(sid).size();
            if (n > 0) {
                rendersBySession.put(sid, n);
            }
        }
        req.response().putHeader("Content-Type", "application/json").end(body.toString());
    }

    private void handle(HttpServerRequest req) {
        String path = req.path();
        Map<String, String> headers = new HashMap<>();
        req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        record.request(new SimRecord.Request(clock.instant(), req.method().name(), path, Map.copyOf(headers)));
        try {
            if (path.equals("/_sim/record") && req.method().name().equals("GET")) {
                recordSummary(req); // the simulator's own inspection endpoint (for ./i2v chaos), not protocol
                return;
            }
            if (path.equals("/api/auth/anonymous-token") && isPost(req)) {
                anonymousToken(req);
                return;
            }
            Matcher cdn = CDN.matcher(path);
            if (cdn.matches()) {
                cdnDownload(req, cdn.group(1));
                return;
            }
            User user = authenticate(req);
            if (user == null) {
                return;
            }
            Matcher m;
            if (path.equals("/api/tasks/me/with-session/nemo_agent") && isPost(req)) {
                req.body().onSuccess(b -> createSession(req, user));
            } else if ((m = UPLOAD.matcher(path)).matches() && isPost(req)) {
                upload(req, user, m.group(1));
            } else if (path.equals("/run_sse") && isPost(req)) {
                req.body().onSuccess(b -> runSse(req, user, b));
            } else if ((m = STATE.matcher(path)).matches()) {
                state(req, user, m.group(1));
            } else if (path.equals("/api/credits/balance/simple")) {
                ObjectNode d = json.createObjectNode().put("available", user.credits.get()).put("frozen", 0)
                        .put("total", user.credits.get());
                ok(req, d);
            } else if ((m = RENDER_CANCEL.matcher(path)).matches() && isPost(req)) {
                Render r = renders.get(m.group(1));
                record.cancel(m.group(1));
                if (r != null) {
                    r.status = "cancelled";
                }
                ok(req, json.createObjectNode().put("id", m.group(1)).put("status", "cancelled"));
            } else if (path.equals("/api/render/proxy/lambda") && isPost(req)) {
                req.body().onSuccess(b -> submitRender(req, user, b));
            } else if ((m = RENDER.matcher(path)).matches()) {
                pollRender(req, m.group(1));
            } else if ((m = DOWNLOAD.matcher(path)).matches()) {
                Render r = renders.get(m.group(1));
                if (r == null || r.file == null) {
                    error(req, 404, 404, "render not found");
                } else {
                    req.response().putHeader("Content-Type", "video/mp4").sendFile(r.file.toString());
                }
            } else {
                error(req, 404, 404, "no such endpoint: " + path);
            }
        } catch (RuntimeException e) {
            error(req, 500, 500, "simulator error: " + e);
        }
    }

    private static boolean isPost(HttpServerRequest req) {
        return req.method().name().equals("POST");
    }

    // ---- auth

    private void anonymousToken(HttpServerRequest req) {
        String clientId = req.getHeader("X-Client-Id");
        if (clientId == null || clientId.isBlank()) {
            error(req, 400, 400, "X-Client-Id header is required");
            return;
        }
        String previous = tokenByClient.get(clientId);
        if (previous != null && users.containsKey(previous) && users.get(previous).valid(clock.instant())) {
            // one anonymous token per client id while the last one is valid (the 7-day rule)
            error(req, 429, 429, "an anonymous token was already issued for this client id");
            return;
        }
        String token = "nmv_usr_" + UUID.randomUUID().toString().replace("-", "");
        Instant expires = clock.instant().plus(script.tokenLifetime());
        User user = new User("anon_" + clientId.hashCode(), token, clientId, expires, script.startingCredits());
        users.put(token, user);
        tokenByClient.put(clientId, token);
        ok(req, json.createObjectNode().put("token", token).put("user_id", user.id).put("expires_at",
                expires.toString()).put("credits", user.credits.get()));
    }

    private User authenticate(HttpServerRequest req) {
        String auth = req.getHeader("Authorization");
        String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
        User user = token == null ? null : users.get(token);
        if (user == null || !user.valid(clock.instant())) {
            error(req, 401, 1001, "token invalid or expired");
            return null;
        }
        int expiredCode = script.take(SimScript.Fault.TOKEN_EXPIRED_1001) ? 1001
                : script.take(SimScript.Fault.TOKEN_EXPIRED_1010) ? 1010
                : script.take(SimScript.Fault.TOKEN_EXPIRED_1011) ? 1011 : 0;
        if (expiredCode != 0) {
            user.revoked = true;
            error(req, 401, expiredCode, "token expired");
            return null;
        }
        return user;
    }

    // ---- session, upload

    private void createSession(HttpServerRequest req, User user) {
        Session s = new Session("ses_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20), user);
        sessions.put(s.id, s);
        ok(req, json.createObjectNode().put("task_id", "task_" + s.id.substring(4)).put("session_id", s.id)
                .put("user_id", user.id));
    }

    private Session session(HttpServerRequest req, User user, String id) {
        Session s = sessions.get(id);
        if (s == null || s.user != user && !s.user.id.equals(user.id)) {
            error(req, 404, 1002, "session not found");
            return null;
        }
        return s;
    }

    private void upload(HttpServerRequest req, User user, String sid) {
        Session s = session(req, user, sid);
        if (s == null) {
            return;
        }
        String type = String.valueOf(req.getHeader("Content-Type"));
        if (type.startsWith("application/json")) {
            req.body().onSuccess(b -> {
                JsonNode body = read(b);
                List<FilePart> parts = new ArrayList<>();
                for (JsonNode u : body.path("urls")) {
                    String url = u.asText();
                    parts.add(new FilePart(url.substring(url.lastIndexOf('/') + 1), "url", 0, new byte[0]));
                }
                finishUpload(req, s, parts);
            });
            return;
        }
        List<FilePart> parts = new ArrayList<>();
        req.setExpectMultipart(true);
        req.uploadHandler(up -> {
            long[] size = {0};
            Buffer head = Buffer.buffer();
            up.handler(buf -> {
                size[0] += buf.length();
                if (head.length() < 32) {
                    head.appendBuffer(buf.slice(0, Math.min(buf.length(), 32 - head.length())));
                }
            });
            up.endHandler(v -> parts.add(new FilePart(up.filename(), up.contentType(), size[0], head.getBytes())));
        });
        req.endHandler(v -> finishUpload(req, s, parts));
    }

    private void finishUpload(HttpServerRequest req, Session s, List<FilePart> parts) {
        if (parts.isEmpty()) {
            error(req, 400, 400, "no files");
            return;
        }
        ArrayNode files = json.createArrayNode();
        for (FilePart p : parts) {
            String ext = p.name.contains(".") ? p.name.substring(p.name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT)
                    : "";
            if (script.take(SimScript.Fault.UNSUPPORTED_FILE) || isHeic(p.head) || !ACCEPTED.contains(ext)) {
                error(req, 200, 4001, "unsupported file type: " + p.name);
                return;
            }
            if (script.take(SimScript.Fault.FILE_TOO_LARGE) || p.size > script.maxUploadBytes()) {
                error(req, 200, 4002, "file too large: " + p.name);
                return;
            }
            record.upload(new SimRecord.Upload(clock.instant(), s.id, p.name, p.type, p.size));
            s.files.add(p.name);
            files.add(json.createObjectNode().put("filename", p.name).put("file_type", "image")
                    .put("cdn_url", url() + "/cdn/uploads/" + s.id + "/" + p.name).put("duration", 0)
                    .put("width", 0).put("height", 0).put("fps", 0).put("hash", Integer.toHexString(p.name.hashCode())));
        }
        ObjectNode d = json.createObjectNode();
        d.set("files", files);
        d.put("session_state_applied", true);
        ok(req, d);
    }

    private static boolean isHeic(byte[] head) {
        if (head.length < 12 || head[4] != 'f' || head[5] != 't' || head[6] != 'y' || head[7] != 'p') {
            return false;
        }
        String brand = new String(head, 8, 4, StandardCharsets.US_ASCII);
        return Set.of("heic", "heix", "heim", "heis", "hevc", "mif1", "msf1").contains(brand);
    }

    // ---- the message stream

    private void runSse(HttpServerRequest req, User user, Buffer body) {
        JsonNode b = read(body);
        String sid = b.path("session_id").asText();
        if (script.take(SimScript.Fault.SESSION_LOST)) {
            sessions.remove(sid);
        }
        Session s = session(req, user, sid);
        if (s == null) {
            return;
        }
        if (script.take(SimScript.Fault.UNAVAILABLE)) {
            error(req, 503, 503, "service unavailable");
            return;
        }
        if (script.take(SimScript.Fault.RATE_LIMITED)) {
            error(req, 429, 429, "rate limited");
            return;
        }
        boolean edit = s.draft != null;
        int cost = edit ? 50 : 100;
        if (script.take(SimScript.Fault.NO_CREDITS) || user.credits.get() < cost) {
            error(req, 403, 2001, "insufficient credits");
            return;
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode p : b.path("new_message").path("parts")) {
            text.append(p.path("text").asText());
        }
        record.instruction(new SimRecord.Instruction(clock.instant(), sid, text.toString()));
        s.readsSinceInstruction = 0;

        boolean silent = script.take(SimScript.Fault.SILENT_STREAM);
        boolean drop = script.take(SimScript.Fault.DROP_STREAM);
        boolean heartbeatsOnly = script.take(SimScript.Fault.HEARTBEATS_ONLY);
        boolean hold = script.take(SimScript.Fault.HOLD_STREAM);
        boolean trailing = script.take(SimScript.Fault.TRAILING_ISSUE);
        SimScript.StreamForm form = script.streamForm();
        Runnable apply = () -> {
            user.credits.addAndGet(-cost);
            s.nextDraft(edit, text.toString(), script);
        };

        HttpServerResponse resp = req.response();
        resp.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
        resp.write(":\n\n"); // a comment line: the headers go out now
        track(resp);

        List<Object> steps = new ArrayList<>();
        if (heartbeatsOnly) {
            held.add(resp);
            heartbeatForever(resp, form);
            return;
        }
        if (!silent) {
            steps.add(textEvent(form, edit ? "Sure, updating your video." : "Got it! I'll animate your image."));
        }
        steps.add(json.createObjectNode().put("type", "usage").put("tokens", 42)); // an unknown kind
        steps.add(toolCall(form, edit ? "edit_timeline" : "generate_video", text.toString()));
        if (drop) {
            int changeAt = script.stateChangeAtRead();
            s.changeAtRead = changeAt;
            steps.add(Step.DROP);
            // the work goes on after the connection is gone
            vertx.setTimer(script.eventGap().toMillis() * 3, t -> {
                if (changeAt == 0) {
                    apply.run();
                } else if (changeAt > 0) {
                    user.credits.addAndGet(-cost);
                    s.pending = s.draftAfter(edit, text.toString(), script);
                }
            });
        } else {
            steps.add(heartbeat(form));
            steps.add(Step.KEEPALIVE);
            for (int i = 0; i < script.extraHeartbeats(); i++) {
                steps.add(heartbeat(form));
            }
            steps.add(apply);
            steps.add(toolResult(form, edit ? "edit_timeline" : "generate_video"));
            if (hold) {
                steps.add(Step.HOLD);
            } else {
                if (!silent) {
                    steps.add(textEvent(form, "Your video is ready! Click Export to download it, or preview it in "
                            + "the timeline."));
                    steps.add(textEvent(form, "It is " + script.durationMs() / 1000.0 + " seconds long with "
                            + "gentle background music."));
                }
                if (trailing) {
                    steps.add(textEvent(form, "I encountered a temporary issue. Please try again."));
                }
            }
        }
        play(resp, steps, 0, form);
    }

    private enum Step { DROP, KEEPALIVE, HOLD }

    /**
     * The caller went away mid-stream (a worker killed): like the real service, the work still
     * lands in the project at the time it would have, and a state read shows it.
     */
    private void workGoesOn(List<Object> steps, int from) {
        long delay = 0;
        for (int k = from; k < steps.size(); k++) {
            Object step = steps.get(k);
            if (step instanceof Runnable r) {
                vertx.setTimer(Math.max(1, delay), t -> r.run());
            } else if (step != Step.DROP && step != Step.HOLD) {
                delay += Math.max(1, script.eventGap().toMillis());
            }
        }
    }

    private void play(HttpServerResponse resp, List<Object> steps, int i, SimScript.StreamForm form) {
        if (resp.closed() || resp.ended()) {
            untrack(resp);
            workGoesOn(steps, i);
            return;
        }
        if (i == steps.size()) {
            streamsCompleted.incrementAndGet();
            untrack(resp);
            resp.end();
            return;
        }
        Object step = steps.get(i);
        if (step == Step.DROP) {
            untrack(resp);
            resp.reset();
            return;
        }
        if (step == Step.HOLD) {
            held.add(resp);
            heartbeatForever(resp, form);
            return;
        }
        if (step instanceof Runnable r) {
            r.run();
            play(resp, steps, i + 1, form);
            return;
        }
        resp.write(step == Step.KEEPALIVE ? "data:\n\n" : "data: " + step + "\n\n");
        vertx.setTimer(Math.max(1, script.eventGap().toMillis()), t -> play(resp, steps, i + 1, form));
    }

    private void heartbeatForever(HttpServerResponse resp, SimScript.StreamForm form) {
        if (resp.closed() || resp.ended() || !held.contains(resp)) {
            untrack(resp);
            return;
        }
        resp.write("data: " + heartbeat(form) + "\n\n");
        vertx.setTimer(Math.max(1, script.eventGap().toMillis()), t -> heartbeatForever(resp, form));
    }

    private void track(HttpServerResponse resp) {
        int now = openStreams.incrementAndGet();
        peakStreams.accumulateAndGet(now, Math::max);
        resp.closeHandler(v -> {
            held.remove(resp);
            untrack(resp);
        });
    }

    private final Set<HttpServerResponse> untracked = ConcurrentHashMap.newKeySet();

    private void untrack(HttpServerResponse resp) {
        if (untracked.add(resp)) {
            openStreams.decrementAndGet();
        }
    }

    private ObjectNode textEvent(SimScript.StreamForm form, String text) {
        if (form == SimScript.StreamForm.TYPED) {
            return json.createObjectNode().put("type", "text").put("content", text);
        }
        ObjectNode e = json.createObjectNode().put("author", "nemo_agent");
        ObjectNode content = e.putObject("content").put("role", "model");
        content.putArray("parts").addObject().put("text", text);
        return e;
    }

    private ObjectNode toolCall(SimScript.StreamForm form, String name, String prompt) {
        if (form == SimScript.StreamForm.TYPED) {
            ObjectNode e = json.createObjectNode().put("type", "tool_call").put("name", name);
            e.putObject("args").put("prompt", prompt);
            return e;
        }
        ObjectNode e = json.createObjectNode().put("author", "nemo_agent");
        ObjectNode call = e.putObject("content").put("role", "model").putArray("parts").addObject()
                .putObject("functionCall").put("name", name);
        call.putObject("args").put("prompt", prompt);
        return e;
    }

    private ObjectNode toolResult(SimScript.StreamForm form, String name) {
        if (form == SimScript.StreamForm.TYPED) {
            ObjectNode e = json.createObjectNode().put("type", "tool_result").put("name", name);
            e.putObject("result").put("status", "ok");
            return e;
        }
        ObjectNode e = json.createObjectNode().put("author", "nemo_agent");
        ObjectNode r = e.putObject("content").put("role", "user").putArray("parts").addObject()
                .putObject("functionResponse").put("name", name);
        r.putObject("response").put("status", "ok");
        return e;
    }

    private ObjectNode heartbeat(SimScript.StreamForm form) {
        return json.createObjectNode().put("type", "heartbeat");
    }

    // ---- state

    private void state(HttpServerRequest req, User user, String sid) {
        Session s = session(req, user, sid);
        if (s == null) {
            return;
        }
        record.stateRead(new SimRecord.StateRead(clock.instant(), sid));
        s.readsSinceInstruction++;
        if (s.pending != null && s.changeAtRead > 0 && s.readsSinceInstruction >= s.changeAtRead) {
            s.draft = s.pending;
            s.pending = null;
        }
        ObjectNode state = json.createObjectNode();
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
        ObjectNode d = json.createObjectNode();
        d.set("state", state);
        ok(req, d);
    }

    // ---- renders

    private void submitRender(HttpServerRequest req, User user, Buffer body) {
        JsonNode b = read(body);
        if (!req.headers().contains("X-Skill-Source") || !req.headers().contains("X-Skill-Version")
                || !req.headers().contains("X-Skill-Platform")) {
            error(req, 402, 402, "export not allowed: missing attribution headers");
            return;
        }
        if (script.take(SimScript.Fault.EXPORT_NOT_IN_PLAN)) {
            error(req, 402, 402, "your plan does not include export");
            return;
        }
        String id = b.path("id").asText();
        String sid = b.path("sessionId").asText();
        if (session(req, user, sid) == null) {
            return;
        }
        if (id.isBlank() || renders.containsKey(id) || script.take(SimScript.Fault.RENDER_ID_REJECTED)) {
            error(req, 409, 409, "render id rejected: " + id);
            return;
        }
        JsonNode draft = b.path("draft");
        JsonNode meta = draft.path("m");
        int w = meta.path("width").asInt(script.width());
        int h = meta.path("height").asInt(script.height());
        int fps = meta.path("fps").asInt(script.fps());
        long frames = Math.max(1, Math.round(draft.path("d").asLong(script.durationMs()) * fps / 1000.0));
        Render r = new Render(id, sid);
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
        ok(req, json.createObjectNode().put("id", id).put("status", "pending"));
    }

    private void pollRender(HttpServerRequest req, String id) {
        Render r = renders.get(id);
        if (r == null) {
            error(req, 404, 404, "render not found: " + id);
            return;
        }
        r.polls++;
        if (!r.status.equals("cancelled")) {
            if (r.fail && r.polls >= 2) {
                r.status = "failed";
            } else if (r.polls >= script.rendersPollsToComplete() && !r.hold && r.file != null) {
                r.status = "completed";
            } else if (r.polls > 1) {
                r.status = "processing";
            }
        }
        int progress = r.status.equals("completed") ? 100 : r.status.equals("processing") ? 50 : 0;
        String output = r.status.equals("completed") ? url() + "/cdn/renders/" + id + ".mp4" : null;
        if (script.renderShape() == SimScript.RenderShape.TOP_LEVEL) {
            ObjectNode top = json.createObjectNode().put("id", id).put("status", r.status).put("progress", progress);
            if (output != null) {
                top.putObject("output").put("url", output);
            }
            if (r.status.equals("failed")) {
                top.put("error", "render failed");
            }
            send(req, 200, top);
            return;
        }
        ObjectNode d = json.createObjectNode().put("id", id).put("status", r.status).put("progress", progress);
        if (output != null) {
            d.put("outputUrl", output);
        }
        ok(req, d);
    }

    private void cdnDownload(HttpServerRequest req, String id) {
        Render r = renders.get(id);
        if (r == null || r.file == null || r.cdnMissing) {
            req.response().setStatusCode(404).end("not found");
            return;
        }
        req.response().putHeader("Content-Type", "video/mp4").sendFile(r.file.toString());
    }

    // ---- replies

    private void ok(HttpServerRequest req, ObjectNode data) {
        ObjectNode body;
        switch (script.envelope()) {
            case SUCCESS -> {
                body = json.createObjectNode().put("success", true);
                body.set("data", data);
            }
            case BARE -> body = data;
            default -> {
                body = json.createObjectNode().put("code", 0).put("message", "success");
                body.set("data", data);
            }
        }
        send(req, 200, body);
    }

    private void error(HttpServerRequest req, int status, int code, String message) {
        send(req, status, json.createObjectNode().put("code", code).put("message", message));
    }

    private void send(HttpServerRequest req, int status, ObjectNode body) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
    }

    private JsonNode read(Buffer b) {
        try {
            return b == null || b.length() == 0 ? json.createObjectNode() : json.readTree(b.getBytes());
        } catch (java.io.IOException e) {
            return json.createObjectNode();
        }
    }

    // ---- model

    private record FilePart(String name, String type, long size, byte[] head) {
    }

    private static final class User {
        final String id;
        final String token;
        final String clientId;
        final Instant expires;
        final AtomicInteger credits;
        volatile boolean revoked;

        User(String id, String token, String clientId, Instant expires, int credits) {
            this.id = id;
            this.token = token;
            this.clientId = clientId;
            this.expires = expires;
            this.credits = new AtomicInteger(credits);
        }

        boolean valid(Instant now) {
            return !revoked && now.isBefore(expires);
        }
    }

    private final class Session {
        final String id;
        final User user;
        final List<String> files = new ArrayList<>();
        volatile ObjectNode draft;
        volatile ObjectNode pending;
        volatile int readsSinceInstruction;
        volatile int changeAtRead;
        int revision;

        Session(String id, User user) {
            this.id = id;
            this.user = user;
        }

        synchronized void nextDraft(boolean edit, String instruction, SimScript s) {
            draft = draftAfter(edit, instruction, s);
        }

        synchronized ObjectNode draftAfter(boolean edit, String instruction, SimScript s) {
            revision++;
            int d = s.durationMs();
            String title = edit ? "Edited: " + shorten(instruction) : "Animated " + (files.isEmpty() ? "image"
                    : files.get(0));
            ObjectNode draft = json.createObjectNode();
            ArrayNode t = draft.putArray("t");
            ObjectNode video = t.addObject().put("tt", 0);
            video.putArray("sg").addObject().put("id", "seg_1").put("n", files.isEmpty() ? "image" : files.get(0))
                    .put("s", 0).put("d", d);
            ObjectNode bgm = t.addObject().put("tt", 1);
            bgm.putArray("sg").addObject().put("n", "Lo-fi").put("s", 0).put("d", d).put("v", 35);
            ObjectNode text = t.addObject().put("tt", 7);
            text.putArray("sg").addObject().put("text", title).put("s", 0).put("d", Math.min(3000, d));
            draft.put("d", d);
            draft.putObject("m").put("title", title).put("width", s.width()).put("height", s.height())
                    .put("fps", s.fps()).put("rev", revision);
            return draft;
        }
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) : s;
    }

    private static final class Render {
        final String id;
        final String sessionId;
        volatile String status = "pending";
        volatile int polls;
        volatile boolean fail;
        volatile boolean hold;
        volatile boolean cdnMissing;
        volatile Path file;

        Render(String id, String sessionId) {
            this.id = id;
            this.sessionId = sessionId;
        }
    }
}
