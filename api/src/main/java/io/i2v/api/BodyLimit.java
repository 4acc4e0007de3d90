package io.i2v.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.error.ErrorCode;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body declared larger than the server accepts is refused in the API's error shape before it
 * is read; the HTTP layer's own refusal (same status) has an empty body. (A chunked body of unknown
 * length still meets that layer's plain 413.)
 */
@ApplicationScoped
public class BodyLimit {
    private final long maxBytes;
    private final String body;

    public BodyLimit(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize max,
            ObjectMapper json)
            throws JsonProcessingException {
        this.maxBytes = max.asLongValue();
        this.body = json.writeValueAsString(Map.of(
                "error",
                Map.of(
                        "code",
                        ErrorCode.FILE_TOO_LARGE.code(),
                        "message",
                        "request body is over " + maxBytes + " bytes; upload large images with POST /v1/uploads")));
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(rc -> {
            String length = rc.request().getHeader("Content-Length");
            if (length != null && declared(length) > maxBytes) {
                rc.response()
                        .setStatusCode(ErrorCode.FILE_TOO_LARGE.httpStatus())
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Connection", "close")
                        .end(body);
                return;
            }
            rc.next();
        });
    }

    private static long declared(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
