package io.i2v.worker.nemo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * One event of the {@code run_sse} stream, from either payload form: the typed form
 * ({@code {"type":"text","content":…}}, tool_call, tool_result, heartbeat) or agent-framework
 * events ({@code content.parts[].text / functionCall / functionResponse}). Empty {@code data:}
 * lines are keep-alives; unknown kinds are {@link Kind#OTHER} and ignored.
 */
record StreamEvent(Kind kind, String text, String name, int status, int code) {

    enum Kind {
        TEXT,
        TOOL_CALL,
        TOOL_RESULT,
        HEARTBEAT,
        KEEPALIVE,
        OTHER,
        ERROR
    }

    /** Real work happening (not merely "still alive"). */
    boolean progress() {
        return kind == Kind.TEXT || kind == Kind.TOOL_CALL || kind == Kind.TOOL_RESULT;
    }

    static List<StreamEvent> parse(ObjectMapper json, String data) {
        if (data == null || data.isBlank()) {
            return List.of(new StreamEvent(Kind.KEEPALIVE, null, null, 0, 0));
        }
        JsonNode n;
        try {
            n = json.readTree(data);
        } catch (Exception e) {
            return List.of(new StreamEvent(Kind.OTHER, null, null, 0, 0));
        }
        if (n == null || !n.isObject()) {
            return List.of(new StreamEvent(Kind.OTHER, null, null, 0, 0));
        }
        if (n.has("type")) {
            String type = n.get("type").asText();
            return List.of(
                    switch (type) {
                        case "text" ->
                            new StreamEvent(
                                    Kind.TEXT,
                                    n.path("content").asText(n.path("text").asText("")),
                                    null,
                                    0,
                                    0);
                        case "tool_call" ->
                            new StreamEvent(Kind.TOOL_CALL, null, n.path("name").asText("tool"), 0, 0);
                        case "tool_result" ->
                            new StreamEvent(
                                    Kind.TOOL_RESULT, null, n.path("name").asText("tool"), 0, 0);
                        case "heartbeat" -> new StreamEvent(Kind.HEARTBEAT, null, null, 0, 0);
                        default -> new StreamEvent(Kind.OTHER, null, type, 0, 0);
                    });
        }
        JsonNode parts = n.path("content").path("parts");
        if (parts.isArray()) {
            List<StreamEvent> out = new ArrayList<>();
            for (JsonNode p : parts) {
                if (p.hasNonNull("text")) {
                    out.add(new StreamEvent(Kind.TEXT, p.get("text").asText(), null, 0, 0));
                } else if (p.has("functionCall")) {
                    out.add(new StreamEvent(
                            Kind.TOOL_CALL,
                            null,
                            p.get("functionCall").path("name").asText("tool"),
                            0,
                            0));
                } else if (p.has("functionResponse")) {
                    out.add(new StreamEvent(
                            Kind.TOOL_RESULT,
                            null,
                            p.get("functionResponse").path("name").asText("tool"),
                            0,
                            0));
                }
            }
            return out.isEmpty() ? List.of(new StreamEvent(Kind.OTHER, null, null, 0, 0)) : out;
        }
        if (n.path("code").isInt() && n.get("code").asInt() != 0) {
            // an error reply where events were expected
            return List.of(new StreamEvent(
                    Kind.ERROR,
                    n.path("message").asText(""),
                    null,
                    200,
                    n.get("code").asInt()));
        }
        return List.of(new StreamEvent(Kind.OTHER, null, null, 0, 0));
    }
}
