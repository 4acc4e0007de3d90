package io.i2v.core.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;

/** The one codec for jobs-queue messages. Unknown versions fail clearly, never silently. */
public final class JobRequestCodec {
    private final ObjectMapper json;

    public JobRequestCodec(ObjectMapper json) {
        this.json = json;
    }

    public String encode(JobRequest request) {
        try {
            return json.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode job request", e);
        }
    }

    public JobRequest decode(String body) {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new I2vException(ErrorCode.INVALID_REQUEST, "job message is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new I2vException(ErrorCode.INVALID_REQUEST, "job message is not a JSON object");
        }
        JsonNode version = node.get("version");
        if (version == null || !version.canConvertToInt() || version.asInt() != JobRequest.VERSION) {
            throw new I2vException(
                    ErrorCode.UNSUPPORTED_VERSION,
                    "job message version " + (version == null ? "(missing)" : version.asText())
                            + " is not supported; this worker reads version " + JobRequest.VERSION);
        }
        try {
            JobRequest request = json.treeToValue(node, JobRequest.class);
            if (!JobIds.valid(request.jobId())
                    || request.images() == null
                    || request.images().isEmpty()) {
                throw new I2vException(ErrorCode.INVALID_REQUEST, "job message lacks a valid jobId or images");
            }
            return request;
        } catch (JsonProcessingException e) {
            throw new I2vException(
                    ErrorCode.INVALID_REQUEST, "job message does not match version 1: " + e.getOriginalMessage());
        }
    }

    /** The job id of a message that may not decode, so a bad message can still fail its job. */
    public String peekJobId(String body) {
        try {
            JsonNode id = json.readTree(body).get("jobId");
            return id != null && JobIds.valid(id.asText()) ? id.asText() : null;
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }
}
