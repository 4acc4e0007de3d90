package io.i2v.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobIdsTest {
    @Test
    void randomIdsAreUrlSafeAndDistinct() {
        JobIds ids = new JobIds(new SecureRandom());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = ids.random();
            assertTrue(JobIds.valid(id), id);
            assertTrue(seen.add(id));
        }
    }

    @Test
    void derivedIdsAreStableAndDoNotCollideAcrossPartBoundaries() {
        assertEquals(JobIds.derived("job", "s3", "bucket/key@v1"), JobIds.derived("job", "s3", "bucket/key@v1"));
        assertNotEquals(JobIds.derived("job", "ab", "c"), JobIds.derived("job", "a", "bc"));
        assertNotEquals(
                JobIds.derived("job", "http", "owner-a", "key"), JobIds.derived("job", "http", "owner-b", "key"));
        assertTrue(JobIds.valid(JobIds.derived("job", "x")));
    }

    @Test
    void malformedIdsAreNotValid() {
        assertFalse(JobIds.valid("job_../../etc/passwd"));
        assertFalse(JobIds.valid("job_ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
        assertFalse(JobIds.valid(null));
    }
}
