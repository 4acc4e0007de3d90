package io.i2v.worker.nemo;

import static io.i2v.nemo.contract.NemoApi.CODE;
import static io.i2v.nemo.contract.NemoApi.DATA;
import static io.i2v.nemo.contract.NemoApi.MESSAGE;
import static io.i2v.nemo.contract.NemoApi.SUCCESS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import java.io.IOException;

/**
 * The three reply envelopes: {@code {"code":0,"data":…}}, {@code {"success":true,"data":…}}, or
 * the bare object. {@link #data} returns the payload; {@link #error} says whether it is a failure.
 */
final class Envelope {
    private Envelope() {}

    /** One reply: the HTTP status, the unwrapped payload, and the error it carries (null for success). */
    record Reply(int status, JsonNode body, JsonNode data, NemoError error) {}

    /** Reads a reply, whatever its envelope; an unreadable body is an empty one with a message. */
    static Reply reply(ObjectMapper json, Response r) {
        JsonNode body;
        try {
            String text = r.hasEntity() ? r.readEntity(String.class) : "";
            body = text == null || text.isBlank() ? json.createObjectNode() : json.readTree(text);
        } catch (IOException | RuntimeException e) {
            body = json.createObjectNode().put("message", "unreadable reply");
        }
        return new Reply(r.getStatus(), body, data(body), error(r.getStatus(), body));
    }

    static JsonNode data(JsonNode body) {
        if (body.has(DATA) && (body.has(CODE) || body.has(SUCCESS))) {
            return body.get(DATA);
        }
        return body;
    }

    /** The error a reply carries, or null: a non-zero {@code code}, {@code success:false}, or a bad HTTP status. */
    static NemoError error(int httpStatus, JsonNode body) {
        int code = body.path(CODE).isInt() ? body.get(CODE).asInt() : 0;
        String message = body.path(MESSAGE).asText(body.path("msg").asText(""));
        if (body.path(SUCCESS).isBoolean() && !body.get(SUCCESS).asBoolean() && code == 0 && httpStatus < 300) {
            return new NemoError.Unexpected(httpStatus, 0, message);
        }
        return NemoError.of(httpStatus, code, message);
    }
}
