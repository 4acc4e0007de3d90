package io.i2v.core.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class S3KeysTest {
    @Test
    void everythingAJobOwnsLivesUnderItsId() {
        assertEquals("jobs/job_x/status.json", S3Keys.status("job_x"));
        assertEquals("jobs/job_x/input/0.jpg", S3Keys.input("job_x", 0, "jpg"));
        assertEquals("results/job_x/video.mp4", S3Keys.video("job_x"));
    }

    @Test
    void uploadNamesCannotEscapeTheirFolder() {
        UUID id = UUID.fromString("00000000-0000-0000-0000-000000000001");
        assertEquals("uploads/" + id + "/passwd", S3Keys.upload(id, "../../etc/passwd"));
        assertEquals("uploads/" + id + "/my_photo__1_.jpg", S3Keys.upload(id, "my photo (1).jpg"));
        assertEquals("uploads/" + id + "/image", S3Keys.upload(id, null));
    }

    @Test
    void callersMayOnlyReferenceUploadsAndInbox() {
        assertTrue(S3Keys.callerReadable("uploads/a/b.jpg"));
        assertTrue(S3Keys.callerReadable("inbox/b.jpg"));
        assertFalse(S3Keys.callerReadable("results/job_x/video.mp4"));
        assertFalse(S3Keys.callerReadable("jobs/job_x/request.json"));
        assertFalse(S3Keys.callerReadable("uploads/../jobs/x"));
    }
}
