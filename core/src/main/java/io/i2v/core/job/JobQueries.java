package io.i2v.core.job;

import io.i2v.core.config.I2vConfig;
import io.i2v.core.queue.JobQueue;
import io.i2v.core.storage.JobIndexEntry;
import io.i2v.core.storage.JobRepository;
import io.i2v.core.storage.ObjectStore;
import io.i2v.core.storage.S3Keys;
import io.i2v.core.webhook.WebhookDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalInt;

/** Reads a job for callers, with a fresh download URL for a finished video. */
@ApplicationScoped
public class JobQueries {
    /** Index entries one listing request reads at most. */
    static final int SCAN_LIMIT = 1000;

    private final JobRepository jobs;
    private final ObjectStore store;
    private final I2vConfig.Intake limits;

    private final JobQueue queue;

    private final JobLedger ledger;

    public JobQueries(JobRepository jobs, JobLedger ledger, ObjectStore store, I2vConfig config, JobQueue queue) {
        this.jobs = jobs;
        this.ledger = ledger;
        this.queue = queue;
        this.store = store.forBucket(config.storage().resultsBucket().orElse(store.bucket()));
        this.limits = config.intake();
    }

    /** Any owner's job (internal callers: CLI, tests). */
    public JobStatus get(String jobId) {
        return get(jobId, null);
    }

    /** The job if {@code owner} may see it (null: anyone); another owner's job reads as not found. */
    public JobStatus get(String jobId, String owner) {
        return signed(ledger.get(jobId, owner).status());
    }

    /**
     * The jobs {@code owner} may see (null: all), newest first, one page. Reads the listing index
     * (one ListObjectsV2 per prefix per page) and then each listed job's status; entries the
     * filters exclude by source are skipped unread. A page stops early after {@link #SCAN_LIMIT}
     * entries so a rare state filter cannot make one request read the whole history; its
     * {@code nextCursor} continues from there.
     */
    public JobPage list(JobListQuery query, String owner) {
        List<String> prefixes = owner == null
                ? List.of(S3Keys.allJobsIndex())
                : List.of(S3Keys.ownerIndex(owner), S3Keys.ownerIndex(null));
        int pageSize = query.state() == null && query.source() == null ? query.limit() + 1 : 1000;
        Iterator<JobIndexEntry> entries = jobs.index(prefixes, query.after(), pageSize);
        List<JobStatus> page = new ArrayList<>();
        JobIndexEntry last = null;
        int scanned = 0;
        while (page.size() < query.limit() && scanned < SCAN_LIMIT && entries.hasNext()) {
            JobIndexEntry entry = entries.next();
            last = entry;
            scanned++;
            if (query.source() != null && query.source() != entry.source()) {
                continue;
            }
            jobs.status(entry.jobId())
                    .filter(s -> entry.matches(s.createdAt()) && JobLedger.visibleTo(s, owner) && query.accepts(s))
                    .map(this::signed)
                    .ifPresent(page::add);
        }
        return new JobPage(page, last != null && entries.hasNext() ? JobListQuery.cursor(last) : null);
    }

    private JobStatus signed(JobStatus status) {
        if (status.result() != null) {
            status = status.withResult(signed(status.result()));
        }
        if (status.results().size() > 1) {
            status = status.withResults(
                    status.results().stream().map(this::signed).toList());
        }
        return status;
    }

    private JobResult signed(JobResult r) {
        String poster = r.posterKey() == null
                ? null
                : store.presignGet(r.posterKey(), limits.presignTtl()).toString();
        return r.withUrls(store.presignGet(r.videoKey(), limits.presignTtl()).toString(), poster);
    }

    /** The delivery logs of the job's webhook events (empty without a webhook). */
    public List<WebhookDelivery> webhookDeliveries(JobStatus status) {
        return status.webhookUrl() == null ? List.of() : jobs.webhookDeliveries(status.id());
    }

    /** The approximate queue position of a queued job, else null. */
    public Integer queuePosition(JobStatus status) {
        if (!(status.state() instanceof JobState.Queued)) {
            return null;
        }
        OptionalInt position = queue.position();
        return position.isPresent() ? position.getAsInt() : null;
    }
}
