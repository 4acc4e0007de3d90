package io.i2v.core.storage;

import io.i2v.core.job.JobIds;
import io.i2v.core.job.JobSource;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One job in a listing index, as the last segment of an empty object's key:
 * {@code <9999999999999 - createdAt millis, 13 digits>.<job id>.<source>}. Key order is then
 * newest first (ties by id), and the source is known without reading the status.
 */
public record JobIndexEntry(long reverseMillis, String jobId, JobSource source) {
    private static final long LATEST = 9_999_999_999_999L; // 2286-11-20
    private static final Pattern NAME = Pattern.compile("(\\d{13})\\.(job_[a-z2-7]{26})\\.(http|s3|sqs)");

    public static JobIndexEntry of(String jobId, JobSource source, Instant createdAt) {
        return new JobIndexEntry(LATEST - createdAt.toEpochMilli(), jobId, source);
    }

    /** The entry a key's last segment names, or empty for anything else. */
    public static Optional<JobIndexEntry> parse(String name) {
        Matcher m = name == null ? null : NAME.matcher(name);
        if (m == null || !m.matches() || !JobIds.valid(m.group(2))) {
            return Optional.empty();
        }
        return Optional.of(new JobIndexEntry(Long.parseLong(m.group(1)), m.group(2), JobSource.fromWire(m.group(3))));
    }

    public String name() {
        return String.format("%013d.%s.%s", reverseMillis, jobId, source.wire());
    }

    /** Whether this entry was written for the job created at {@code createdAt} (a retried intake may leave another). */
    public boolean matches(Instant createdAt) {
        return createdAt != null && reverseMillis == LATEST - createdAt.toEpochMilli();
    }
}
