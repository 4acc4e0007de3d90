package io.i2v.core.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.config.JsonSetup;
import io.i2v.core.intake.JobSubmission;
import org.junit.jupiter.api.Test;

/** Queue messages from other services get the same field-naming errors as HTTP bodies. */
class JsonInputErrorsTest {
    private final ObjectMapper json = JsonSetup.newMapper();

    @Test
    void wrongTypeInAQueueMessageNamesTheField() {
        I2vException e = read(
                "{\"version\":1,\"images\":[{\"key\":\"inbox/a.jpg\"}],\"options\":{\"durationSeconds\":\"ten\"}}");
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals("\"options.durationSeconds\" must be a number (line 1, column 76)", e.getMessage());
    }

    @Test
    void shapesAndSyntax() {
        assertEquals("the message body must be a JSON object", read("42").getMessage());
        assertEquals(
                "\"images\" must be an array (line 1, column 11)",
                read("{\"images\":\"x\"}").getMessage());
        assertEquals(
                "\"images[0]\" must be an object (line 1, column 12)",
                read("{\"images\":[7]}").getMessage());
        assertEquals(
                "the message body is not valid JSON (line 1, column 13)",
                read("{\"images\": [").getMessage().replaceAll(": Unexpected.*", ""));
        String deep = "{\"x\":" + "[".repeat(2000) + "]".repeat(2000) + "}";
        assertEquals(
                true,
                read(deep).getMessage().startsWith("the message body exceeds a JSON limit (nesting depth"),
                read(deep).getMessage());
    }

    private I2vException read(String body) {
        JsonProcessingException e =
                assertThrows(JsonProcessingException.class, () -> json.readValue(body, JobSubmission.class));
        return JsonInputErrors.describe(e, "the message body");
    }
}
