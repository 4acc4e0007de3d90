package io.i2v.core.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.event.JobEvent;
import io.i2v.core.job.JobRequest;
import io.i2v.core.job.JobRequestCodec;
import io.i2v.core.job.JobStatus;
import io.i2v.core.webhook.WebhookDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Job records in the bucket: {@code request.json}, {@code status.json}, the event outbox and the timeline draft. */
@ApplicationScoped
public class JobRepository {
    private final ObjectStore store;
    private final ObjectMapper json;
    private final JobRequestCodec codec;

    public JobRepository(ObjectStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
        this.codec = new JobRequestCodec(json);
    }

    public Optional<JobStatus> status(String jobId) {
        return store.get(S3Keys.status(jobId)).map(this::readStatus);
    }

    /** An unconditional write; lifecycle steps go through {@code JobLedger}, which writes conditionally. */
    public void save(JobStatus status) {
        store.put(S3Keys.status(status.id()), write(status), "application/json");
    }

    /** The status with the ETag a conditional write names. */
    public Optional<TrackedStatus> tracked(String jobId) {
        return store.getVersioned(S3Keys.status(jobId)).map(v -> new TrackedStatus(readStatus(v.bytes()), v.etag()));
    }

    /** Writes {@code next} only if the stored status is still {@code from}'s; empty when another write came first. */
    public Optional<TrackedStatus> replace(TrackedStatus from, JobStatus next) {
        return store.putIf(S3Keys.status(next.id()), write(next), "application/json", from.etag())
                .map(etag -> new TrackedStatus(next, etag));
    }

    /** Writes a first status only if there is none ({@code If-None-Match: *}); empty when one exists. */
    public Optional<TrackedStatus> createStatus(JobStatus status) {
        return store.putIf(S3Keys.status(status.id()), write(status), "application/json", null)
                .map(etag -> new TrackedStatus(status, etag));
    }

    /** Claims the right to publish one event: true for the first caller with this event id, false after. */
    public boolean claimEvent(String jobId, String eventId, Object event) {
        // a token of this claimant's own: a PUT whose answer was lost is recognised as ours by it alone
        byte[] claim = write(Map.of("claim", UUID.randomUUID().toString(), "event", event));
        return store.putIf(S3Keys.event(jobId, eventId), claim, "application/json", null)
                .isPresent();
    }

    /** Marks a claimed event as handed to the queues, so {@link #unsentEvents} leaves it out. */
    public void eventSent(String jobId, String eventId) {
        store.put(S3Keys.eventSent(jobId, eventId), new byte[0], "application/octet-stream");
    }

    /**
     * The events of a job that were claimed and never marked sent: their publisher died (or lost
     * its connection) between claiming and sending, or between sending and marking.
     */
    public List<JobEvent> unsentEvents(String jobId) {
        List<String> keys = store.list(S3Keys.eventPrefix(jobId));
        Set<String> sent = new HashSet<>();
        keys.stream().filter(k -> k.endsWith(S3Keys.SENT)).forEach(k -> sent.add(S3Keys.claimOf(k)));
        List<JobEvent> unsent = new ArrayList<>();
        for (String key : keys) {
            if (key.endsWith(S3Keys.CLAIM) && !sent.contains(key)) {
                store.get(key)
                        .map(b -> read(b, JsonNode.class).path("event"))
                        .filter(JsonNode::isObject)
                        .map(e -> json.convertValue(e, JobEvent.class))
                        .ifPresent(unsent::add);
            }
        }
        return unsent;
    }

    /** Gives a claim back after the event could not be sent, so a later attempt sends it. */
    public void releaseEvent(String jobId, String eventId) {
        store.delete(List.of(S3Keys.event(jobId, eventId)));
    }

    /**
     * Writes a new job's listing-index entries, which go before its first status (so a listed job
     * always exists or its entry is skipped as stale). Returns the keys written, for a rollback.
     */
    public List<String> index(JobStatus status) {
        JobIndexEntry entry = JobIndexEntry.of(status.id(), status.source(), status.createdAt());
        List<String> written = new ArrayList<>();
        for (String prefix : List.of(S3Keys.allJobsIndex(), S3Keys.ownerIndex(status.owner()))) {
            store.put(prefix + entry.name(), new byte[0], "application/octet-stream");
            written.add(prefix + entry.name());
        }
        return written;
    }

    /**
     * The index entries under {@code prefixes} after {@code after} (an entry name; null: from
     * the newest), merged newest first. Listing is lazy: one ListObjectsV2 call per prefix per
     * {@code pageSize} entries consumed.
     */
    public Iterator<JobIndexEntry> index(List<String> prefixes, String after, int pageSize) {
        List<IndexPages> streams =
                prefixes.stream().map(p -> new IndexPages(p, after, pageSize)).toList();
        return new Iterator<>() {
            private String last;

            @Override
            public boolean hasNext() {
                return head() != null;
            }

            @Override
            public JobIndexEntry next() {
                IndexPages from = head();
                if (from == null) {
                    throw new NoSuchElementException();
                }
                JobIndexEntry e = from.take();
                last = e.name();
                return e;
            }

            private IndexPages head() {
                IndexPages best = null;
                for (IndexPages s : streams) {
                    while (s.peek() != null && s.peek().name().equals(last)) {
                        s.take(); // the same job under two prefixes
                    }
                    if (s.peek() != null
                            && (best == null
                                    || s.peek().name().compareTo(best.peek().name()) < 0)) {
                        best = s;
                    }
                }
                return best;
            }
        };
    }

    /** One prefix's entries, a page at a time. */
    private final class IndexPages {
        private final String prefix;
        private final int pageSize;
        private final ArrayDeque<JobIndexEntry> buffer = new ArrayDeque<>();
        private String startAfter;
        private boolean more = true;

        IndexPages(String prefix, String after, int pageSize) {
            this.prefix = prefix;
            this.pageSize = pageSize;
            this.startAfter = after == null ? null : prefix + after;
        }

        JobIndexEntry peek() {
            while (buffer.isEmpty() && more) {
                ObjectStore.KeyPage page = store.listAfter(prefix, startAfter, pageSize);
                for (String key : page.keys()) {
                    JobIndexEntry.parse(key.substring(prefix.length())).ifPresent(buffer::add);
                    startAfter = key;
                }
                more = page.truncated() && !page.keys().isEmpty();
            }
            return buffer.peek();
        }

        JobIndexEntry take() {
            peek();
            return buffer.poll();
        }
    }

    public void saveRequest(JobRequest request) {
        store.put(
                S3Keys.request(request.jobId()),
                codec.encode(request).getBytes(StandardCharsets.UTF_8),
                "application/json");
    }

    public Optional<JobRequest> request(String jobId) {
        return store.get(S3Keys.request(jobId)).map(b -> codec.decode(new String(b, StandardCharsets.UTF_8)));
    }

    /** The local renderer's timeline draft of a job (what an edit of it starts from), if it has one. */
    public Optional<JsonNode> timelineDraft(String jobId) {
        return store.get(S3Keys.timelineDraft(jobId)).map(b -> read(b, JsonNode.class));
    }

    public void saveTimelineDraft(String jobId, JsonNode draft) {
        store.put(S3Keys.timelineDraft(jobId), write(draft), "application/json");
    }

    public Optional<TrackedDelivery> webhookDelivery(String jobId, String type) {
        return store.getVersioned(S3Keys.webhookDelivery(jobId, type))
                .map(v -> new TrackedDelivery(read(v.bytes(), WebhookDelivery.class), v.etag()));
    }

    /**
     * Writes a delivery log only if the stored one is still {@code from}'s (null: only if there is
     * none); empty when another write came first.
     */
    public Optional<TrackedDelivery> replaceWebhookDelivery(String jobId, TrackedDelivery from, WebhookDelivery next) {
        return store.putIf(
                        S3Keys.webhookDelivery(jobId, next.type()),
                        write(next),
                        "application/json",
                        from == null ? null : from.etag())
                .map(etag -> new TrackedDelivery(next, etag));
    }

    /** The delivery logs of a job's webhook events, in the order they were created. */
    public List<WebhookDelivery> webhookDeliveries(String jobId) {
        return store.list(S3Keys.webhookPrefix(jobId)).stream()
                .map(key -> store.get(key).map(b -> read(b, WebhookDelivery.class)))
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing(
                        (WebhookDelivery d) -> d.attempts().isEmpty()
                                ? null
                                : d.attempts().get(0).at(),
                        Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }

    private <T> T read(byte[] bytes, Class<T> type) {
        try {
            return json.readValue(bytes, type);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable " + type.getSimpleName(), e);
        }
    }

    private JobStatus readStatus(byte[] bytes) {
        try {
            return json.readValue(bytes, JobStatus.class);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable job status", e);
        }
    }

    private byte[] write(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
