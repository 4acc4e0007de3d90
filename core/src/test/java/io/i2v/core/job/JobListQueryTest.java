package io.i2v.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.storage.JobIndexEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobListQueryTest {
    private static final String ID = "job_aaaaaaaaaaaaaaaaaaaaaaaaaa";

    @Test
    void indexNamesSortNewestFirstAndReadBack() {
        Instant t = Instant.parse("2026-12-02T07:00:00Z");
        List<String> names = new ArrayList<>(List.of(
                JobIndexEntry.of(ID, JobSource.HTTP, t).name(),
                JobIndexEntry.of(ID, JobSource.S3, t.plusMillis(1)).name(),
                JobIndexEntry.of(ID, JobSource.SQS, t.plusSeconds(86_400L * 365))
                        .name()));
        List<String> sorted = names.stream().sorted().toList();
        assertEquals(List.of(names.get(2), names.get(1), names.get(0)), sorted);
        JobIndexEntry back = JobIndexEntry.parse(names.get(1)).orElseThrow();
        assertEquals(JobSource.S3, back.source());
        assertTrue(back.matches(t.plusMillis(1)));
        assertTrue(JobIndexEntry.parse("../" + names.get(1)).isEmpty());
    }

    @Test
    void aCursorGivenOutIsAcceptedBackAndDefaultsApply() {
        String cursor = JobListQuery.cursor(JobIndexEntry.of(ID, JobSource.HTTP, Instant.now()));
        JobListQuery q = JobListQuery.parse(null, null, null, cursor);
        assertEquals(JobListQuery.DEFAULT_LIMIT, q.limit());
        assertTrue(JobIndexEntry.parse(q.after()).isPresent());
        assertNull(JobListQuery.parse("", "", "", "").after());
        assertEquals("FAILED", JobListQuery.parse("failed", "S3", "100", null).state());
    }

    @Test
    void badValuesAreInvalidRequestsNamingTheParameter() {
        for (String[] bad : List.of(
                new String[] {"DONE", null, null, null},
                new String[] {null, "ftp", null, null},
                new String[] {null, null, "0", null},
                new String[] {null, null, "101", null},
                new String[] {null, null, "x", null},
                new String[] {null, null, null, "!!"},
                new String[] {null, null, null, "Li4vZXRjL3Bhc3N3ZA"})) {
            I2vException e = assertThrows(I2vException.class, () -> JobListQuery.parse(bad[0], bad[1], bad[2], bad[3]));
            assertEquals(ErrorCode.INVALID_REQUEST, e.code());
            assertTrue(e.getMessage().startsWith("\""), e.getMessage());
        }
    }
}
