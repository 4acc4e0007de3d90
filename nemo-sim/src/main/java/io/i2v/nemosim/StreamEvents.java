package io.i2v.nemosim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The payloads of {@code run_sse} events in the stream form the script asks for: the typed form
 * ({@code {"type":"text",…}}) or agent-framework events ({@code content.parts[].text},
 * {@code functionCall}, {@code functionResponse}). Heartbeats are typed in both.
 */
final class StreamEvents {
    private final JsonNodeFactory json = JsonNodeFactory.instance;
    private final SimScript.StreamForm form;

    StreamEvents(SimScript.StreamForm form) {
        this.form = form;
    }

    ObjectNode text(String text) {
        if (form == SimScript.StreamForm.TYPED) {
            return json.objectNode().put("type", "text").put("content", text);
        }
        ObjectNode e = agent();
        e.putObject("content")
                .put("role", "model")
                .putArray("parts")
                .addObject()
                .put("text", text);
        return e;
    }

    ObjectNode toolCall(String name, String prompt) {
        if (form == SimScript.StreamForm.TYPED) {
            ObjectNode e = json.objectNode().put("type", "tool_call").put("name", name);
            e.putObject("args").put("prompt", prompt);
            return e;
        }
        ObjectNode e = agent();
        e.putObject("content")
                .put("role", "model")
                .putArray("parts")
                .addObject()
                .putObject("functionCall")
                .put("name", name)
                .putObject("args")
                .put("prompt", prompt);
        return e;
    }

    ObjectNode toolResult(String name) {
        if (form == SimScript.StreamForm.TYPED) {
            ObjectNode e = json.objectNode().put("type", "tool_result").put("name", name);
            e.putObject("result").put("status", "ok");
            return e;
        }
        ObjectNode e = agent();
        e.putObject("content")
                .put("role", "user")
                .putArray("parts")
                .addObject()
                .putObject("functionResponse")
                .put("name", name)
                .putObject("response")
                .put("status", "ok");
        return e;
    }

    ObjectNode heartbeat() {
        return json.objectNode().put("type", "heartbeat");
    }

    /** A kind no document lists: clients must ignore it. */
    ObjectNode unknownKind() {
        return json.objectNode().put("type", "usage").put("tokens", 42);
    }

    private ObjectNode agent() {
        return json.objectNode().put("author", "nemo_agent");
    }
}
