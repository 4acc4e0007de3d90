package io.i2v.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.config.JsonSetup;
import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.ErrorInfo;
import io.i2v.core.error.I2vException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobRequestCodecTest {
    final ObjectMapper json = JsonSetup.newMapper();
    final JobRequestCodec codec = new JobRequestCodec(json);
    final JobRequest request = new JobRequest(
            1,
            JobIds.derived("t", "1"),
            JobSource.HTTP,
            Instant.parse("2026-11-24T06:00:00Z"),
            "zoom in",
            List.of(ImageRef.stored("uploads/x/a.jpg", "a.jpg", "JPEG", 123)),
            JobOptions.none(),
            null,
            "api",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

    @Test
    void requestSurvivesTheQueueUnchanged() {
        assertEquals(request, codec.decode(codec.encode(request)));
    }

    @Test
    void unknownOrMissingVersionIsRefusedByName() {
        String v2 = codec.encode(request).replace("\"version\":1", "\"version\":2");
        I2vException e = assertThrows(I2vException.class, () -> codec.decode(v2));
        assertEquals(ErrorCode.UNSUPPORTED_VERSION, e.code());
        assertEquals(request.jobId(), codec.peekJobId(v2));
        String none = codec.encode(request).replace("\"version\":1,", "");
        assertEquals(
                ErrorCode.UNSUPPORTED_VERSION,
                assertThrows(I2vException.class, () -> codec.decode(none)).code());
    }

    @Test
    void garbageIsAnInvalidRequest() {
        assertEquals(
                ErrorCode.INVALID_REQUEST,
                assertThrows(I2vException.class, () -> codec.decode("<xml/>")).code());
        assertEquals(
                ErrorCode.INVALID_REQUEST,
                assertThrows(I2vException.class, () -> codec.decode("{\"version\":1,\"jobId\":\"nope\"}"))
                        .code());
        assertNull(codec.peekJobId("not json"));
    }

    @Test
    void statusDocumentKeepsTheSealedStateAndUnknownFieldsAreIgnored() throws Exception {
        JobStatus failed = JobStatus.queued(request, Instant.parse("2026-11-24T06:00:00Z"))
                .to(new JobState.Running(JobStage.PREPARING, 3), Instant.parse("2026-11-24T06:00:01Z"))
                .to(
                        new JobState.Failed(ErrorInfo.of(ErrorCode.CORRUPT_IMAGE, "truncated")),
                        Instant.parse("2026-11-24T06:00:02Z"));
        String text = json.writeValueAsString(failed);
        assertEquals(
                failed,
                json.readValue(text.replace("{\"version\":1,", "{\"version\":1,\"future\":true,"), JobStatus.class));
        assertEquals("FAILED", json.readTree(text).get("state").get("name").asText());
        assertEquals(
                "corrupt_image",
                json.readTree(text).get("state").get("error").get("code").asText());
    }
}
