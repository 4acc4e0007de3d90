package io.i2v.nemosim;

import static io.i2v.nemo.contract.NemoApi.CODE;
import static io.i2v.nemo.contract.NemoApi.DATA;
import static io.i2v.nemo.contract.NemoApi.MESSAGE;
import static io.i2v.nemo.contract.NemoApi.SUCCESS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;

/** JSON in and out: replies in the scripted envelope, errors as {@code {"code","message"}}. */
final class SimReplies {
    private final ObjectMapper json;
    private final SimScript script;

    SimReplies(ObjectMapper json, SimScript script) {
        this.json = json;
        this.script = script;
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    /** {@code data} in the envelope the script asks for. */
    void ok(HttpServerRequest req, ObjectNode data) {
        ObjectNode body;
        switch (script.envelope()) {
            case SUCCESS -> {
                body = object().put(SUCCESS, true);
                body.set(DATA, data);
            }
            case BARE -> body = data;
            default -> {
                body = object().put(CODE, 0).put(MESSAGE, "success");
                body.set(DATA, data);
            }
        }
        send(req, 200, body);
    }

    void error(HttpServerRequest req, int status, int code, String message) {
        send(req, status, object().put(CODE, code).put(MESSAGE, message));
    }

    void send(HttpServerRequest req, int status, ObjectNode body) {
        req.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.toString());
    }

    /** The request body as JSON; an empty object when absent or unreadable. */
    JsonNode read(Buffer b) {
        try {
            return b == null || b.length() == 0 ? object() : json.readTree(b.getBytes());
        } catch (IOException e) {
            return object();
        }
    }
}
