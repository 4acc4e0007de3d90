package io.i2v.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.error.JsonInputErrors;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure leaves as {@code {"error":{"code","message"}}} with a stable code; no stack traces
 * reach callers. JSON that cannot be read is mapped here at its exact Jackson types, because the
 * REST layer's own mappers for those types answer with an empty body.
 */
public class ErrorMapper {
    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);
    private static final String BODY = "the request body";

    @Schema(name = "Error", description = "The one shape of every 4xx and 5xx answer.")
    public record ErrorBody(@Schema(required = true) Detail error) {
        @Schema(name = "ErrorDetail")
        public record Detail(
                @Schema(
                        required = true,
                        description = "Stable, machine-readable code (see the README's table).",
                        examples = "invalid_request")
                String code,

                @Schema(
                        required = true,
                        description = "What went wrong, for people; never a stack trace.",
                        examples = "\"options.motion\" must be one of: push in, zoom out, …")
                String message) {}
    }

    @ServerExceptionMapper
    public Response known(I2vException e) {
        if (e.code().httpStatus() >= 500) {
            LOG.warnf("request failed: %s %s", e.code().code(), e.getMessage());
        }
        return body(e.code(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return known(JsonInputErrors.describe(e, BODY));
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response parse(JsonParseException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException j) {
            return json(j);
        }
        int status = e.getResponse().getStatus();
        return switch (status) {
            case 400 -> body(ErrorCode.INVALID_REQUEST, BODY + " could not be read; send a JSON object");
            case 404 -> body(ErrorCode.NOT_FOUND, "no such resource; the API lives under /v1");
            case 405 -> body(ErrorCode.METHOD_NOT_ALLOWED, "method not allowed on this path");
            case 413 ->
                body(ErrorCode.FILE_TOO_LARGE, "request body too large; upload large images with POST /v1/uploads");
            case 415 ->
                body(
                        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                        "unsupported Content-Type; send application/json (or multipart/form-data to POST /v1/jobs)");
            default ->
                status < 500
                        ? body(
                                status,
                                ErrorCode.INVALID_REQUEST.code(),
                                "the request was refused (HTTP " + status + ")")
                        : body(status, ErrorCode.INTERNAL.code(), "internal error; try again later");
        };
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("unexpected failure", e);
        return body(ErrorCode.INTERNAL, "internal error; try again later");
    }

    static Response body(ErrorCode code, String message) {
        return body(code.httpStatus(), code.code(), message);
    }

    static Response body(int status, String code, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(new ErrorBody.Detail(code, message)))
                .build();
    }
}
