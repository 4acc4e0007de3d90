package io.i2v.core.job;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.ErrorInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobTransitionsTest {
    static final JobState QUEUED = new JobState.Queued();
    static final JobState RUNNING = new JobState.Running(JobStage.RENDERING, 40);
    static final JobState SUCCEEDED = new JobState.Succeeded();
    static final JobState FAILED = new JobState.Failed(ErrorInfo.of(ErrorCode.CORRUPT_IMAGE, "bad"));
    static final JobState CANCELED = new JobState.Canceled();

    @Test
    void aJobMovesForwardThroughItsLife() {
        assertTrue(JobTransitions.allowed(QUEUED, RUNNING));
        assertTrue(JobTransitions.allowed(RUNNING, RUNNING));
        assertTrue(JobTransitions.allowed(RUNNING, SUCCEEDED));
        assertTrue(JobTransitions.allowed(RUNNING, FAILED));
        assertTrue(JobTransitions.allowed(QUEUED, CANCELED));
        assertTrue(JobTransitions.allowed(RUNNING, QUEUED), "a transient failure queues the job again");
    }

    @Test
    void finishedJobsNeverChangeState() {
        for (JobState done : List.of(SUCCEEDED, FAILED, CANCELED)) {
            assertTrue(done.terminal());
            for (JobState next : List.of(QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELED)) {
                assertFalse(JobTransitions.allowed(done, next), done.name() + " -> " + next.name());
            }
        }
        assertThrows(IllegalStateException.class, () -> JobTransitions.check(SUCCEEDED, RUNNING));
    }

    @Test
    void aQueuedJobCannotSucceedWithoutRunning() {
        assertFalse(JobTransitions.allowed(QUEUED, SUCCEEDED));
    }
}
