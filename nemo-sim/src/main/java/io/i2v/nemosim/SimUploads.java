package io.i2v.nemosim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/** Uploads into a session, multipart or by URL, with the backend's type list, size cap and HEIC refusal. */
final class SimUploads {
    private static final Set<String> ACCEPTED =
            Set.of("mp4", "mov", "avi", "webm", "mkv", "jpg", "jpeg", "png", "gif", "webp", "mp3", "wav", "m4a", "aac");
    private static final Set<String> HEIC_BRANDS = Set.of("heic", "heix", "heim", "heis", "hevc", "mif1", "msf1");
    private static final int HEAD_BYTES = 32;

    private record FilePart(String name, String type, long size, byte[] head) {}

    private final SimSessions sessions;
    private final SimScript script;
    private final SimRecord record;
    private final SimReplies replies;
    private final Clock clock;
    private final Supplier<String> baseUrl;

    SimUploads(
            SimSessions sessions,
            SimScript script,
            SimRecord record,
            SimReplies replies,
            Clock clock,
            Supplier<String> baseUrl) {
        this.sessions = sessions;
        this.script = script;
        this.record = record;
        this.replies = replies;
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    void upload(HttpServerRequest req, SimUser user, String sid) {
        SimSession s = sessions.find(req, user, sid);
        if (s == null) {
            return;
        }
        String type = String.valueOf(req.getHeader("Content-Type"));
        if (type.startsWith("application/json")) {
            req.body().onSuccess(b -> finish(req, s, byUrl(replies.read(b))));
            return;
        }
        List<FilePart> parts = new ArrayList<>();
        req.setExpectMultipart(true);
        req.uploadHandler(up -> {
            long[] size = {0};
            Buffer head = Buffer.buffer();
            up.handler(buf -> {
                size[0] += buf.length();
                if (head.length() < HEAD_BYTES) {
                    head.appendBuffer(buf.slice(0, Math.min(buf.length(), HEAD_BYTES - head.length())));
                }
            });
            up.endHandler(v -> parts.add(new FilePart(up.filename(), up.contentType(), size[0], head.getBytes())));
        });
        req.endHandler(v -> finish(req, s, parts));
    }

    private static List<FilePart> byUrl(JsonNode body) {
        List<FilePart> parts = new ArrayList<>();
        for (JsonNode u : body.path("urls")) {
            String url = u.asText();
            parts.add(new FilePart(url.substring(url.lastIndexOf('/') + 1), "url", 0, new byte[0]));
        }
        return parts;
    }

    private void finish(HttpServerRequest req, SimSession s, List<FilePart> parts) {
        if (parts.isEmpty()) {
            replies.error(req, 400, 400, "no files");
            return;
        }
        ArrayNode files = replies.object().arrayNode();
        for (FilePart p : parts) {
            String ext = p.name.contains(".")
                    ? p.name.substring(p.name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT)
                    : "";
            if (script.take(SimScript.Fault.UNSUPPORTED_FILE) || isHeic(p.head) || !ACCEPTED.contains(ext)) {
                replies.error(req, 200, 4001, "unsupported file type: " + p.name);
                return;
            }
            if (script.take(SimScript.Fault.FILE_TOO_LARGE) || p.size > script.maxUploadBytes()) {
                replies.error(req, 200, 4002, "file too large: " + p.name);
                return;
            }
            record.upload(new SimRecord.Upload(clock.instant(), s.id, p.name, p.type, p.size));
            s.files.add(p.name);
            files.add(replies.object()
                    .put("filename", p.name)
                    .put("file_type", "image")
                    .put("cdn_url", baseUrl.get() + "/cdn/uploads/" + s.id + "/" + p.name)
                    .put("duration", 0)
                    .put("width", 0)
                    .put("height", 0)
                    .put("fps", 0)
                    .put("hash", Integer.toHexString(p.name.hashCode())));
        }
        ObjectNode d = replies.object();
        d.set("files", files);
        d.put("session_state_applied", true);
        replies.ok(req, d);
    }

    /** An ISO-BMFF {@code ftyp} box with a HEIF brand, whatever the file is named. */
    private static boolean isHeic(byte[] head) {
        if (head.length < 12 || head[4] != 'f' || head[5] != 't' || head[6] != 'y' || head[7] != 'p') {
            return false;
        }
        return HEIC_BRANDS.contains(new String(head, 8, 4, StandardCharsets.US_ASCII));
    }
}
