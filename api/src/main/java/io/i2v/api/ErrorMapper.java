package io.i2v.api;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure leaves as {@code {"error":{"code","message"}}}; no stack traces reach callers. */
public class ErrorMapper {
    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    public record ErrorBody(Detail error) {
        public record Detail(String code, String message) {
        }
    }

    @ServerExceptionMapper
    public Response known(I2vException e) {
        if (e.code().httpStatus() >= 500) {
            LOG.warnf("request failed: %s %s", e.code().code(), e.getMessage());
        }
        return body(e.code().httpStatus(), e.code().code(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        ErrorCode code = switch (status) {
            case 404 -> ErrorCode.JOB_NOT_FOUND;
            case 415 -> ErrorCode.UNSUPPORTED_FORMAT;
            case 413 -> ErrorCode.FILE_TOO_LARGE;
            default -> status < 500 ? ErrorCode.INVALID_REQUEST : ErrorCode.INTERNAL;
        };
        String message = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed";
            case 415 -> "unsupported Content-Type; send application/json or multipart/form-data";
            case 413 -> "request body too large; upload large images with POST /v1/uploads";
            default -> status < 500 ? "malformed request: " + safe(e.getMessage()) : "internal error";
        };
        return body(status, code.code(), message);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("unexpected failure", e);
        return body(500, ErrorCode.INTERNAL.code(), "internal error; try again later");
    }

    private static String safe(String message) {
        if (message == null) {
            return "the body could not be read";
        }
        return message.length() > 200 ? message.substring(0, 200) : message;
    }

    static Response body(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(new ErrorBody.Detail(code, message))).build();
    }
}
