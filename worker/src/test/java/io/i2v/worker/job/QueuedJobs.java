package io.i2v.worker.job;

import io.i2v.core.job.JobIds;
import io.i2v.core.job.JobLedger;
import io.i2v.core.job.JobOptions;
import io.i2v.core.job.JobRequest;
import io.i2v.core.job.JobSource;
import io.i2v.core.job.JobStatus;
import io.i2v.core.job.LedgerStep;
import io.i2v.core.storage.TrackedStatus;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

/** A new job, created QUEUED through the ledger, for tests of what deliveries do with it. */
final class QueuedJobs {
    private static final JobIds IDS = new JobIds(new SecureRandom());

    private QueuedJobs() {}

    static TrackedStatus create(JobLedger ledger) {
        JobRequest request = new JobRequest(
                JobRequest.VERSION,
                IDS.random(),
                JobSource.HTTP,
                Instant.now(),
                "a slow push-in",
                List.of(),
                JobOptions.none(),
                null,
                null,
                null);
        return ((LedgerStep.Written) ledger.create(JobStatus.queued(request, Instant.now()), null)).now();
    }
}
