package io.i2v.core.intake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.job.JobSource;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubmissionMapperTest {
    @Test
    void eachImageIsAKeyAUrlOrInlineData() {
        JobSubmission s = new JobSubmission(
                1,
                "zoom",
                List.of(
                        new JobSubmission.ImageInput("uploads/a/b.jpg", null, null, null),
                        new JobSubmission.ImageInput(null, "https://example.com/c.png", null, null),
                        new JobSubmission.ImageInput(
                                null, null, Base64.getEncoder().encodeToString(new byte[] {1, 2}), "d.jpg")),
                null,
                "key-1");
        IntakeCommand c = SubmissionMapper.toCommand(s, JobSource.SQS, null, "sqs", true);
        assertInstanceOf(ImageSource.Stored.class, c.images().get(0));
        assertInstanceOf(ImageSource.Remote.class, c.images().get(1));
        assertArrayEquals(new byte[] {1, 2}, ((ImageSource.Inline) c.images().get(2)).bytes());
        assertEquals("key-1", c.identity());
    }

    @Test
    void ambiguousOrBrokenImagesAreInvalid() {
        var both = new JobSubmission(
                1, null, List.of(new JobSubmission.ImageInput("uploads/a", "https://x/y", null, null)), null, null);
        assertEquals(
                ErrorCode.INVALID_REQUEST,
                assertThrows(
                                I2vException.class,
                                () -> SubmissionMapper.toCommand(both, JobSource.HTTP, null, "api", false))
                        .code());
        var badBase64 =
                new JobSubmission(1, null, List.of(new JobSubmission.ImageInput(null, null, "***", null)), null, null);
        assertEquals(
                ErrorCode.INVALID_REQUEST,
                assertThrows(
                                I2vException.class,
                                () -> SubmissionMapper.toCommand(badBase64, JobSource.HTTP, null, "api", false))
                        .code());
    }

    @Test
    void queueMessagesMustNameAKnownVersion() {
        var unversioned = new JobSubmission(null, null, List.of(), null, null);
        assertEquals(
                ErrorCode.UNSUPPORTED_VERSION,
                assertThrows(
                                I2vException.class,
                                () -> SubmissionMapper.toCommand(unversioned, JobSource.SQS, "m-1", "sqs", true))
                        .code());
        // the HTTP API is versioned by its path, so the field may be left out there
        SubmissionMapper.toCommand(unversioned, JobSource.HTTP, null, "api", false);
    }
}
