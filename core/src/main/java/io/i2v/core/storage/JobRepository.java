package io.i2v.core.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.job.JobRequest;
import io.i2v.core.job.JobRequestCodec;
import io.i2v.core.job.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import io.i2v.core.webhook.WebhookDelivery;
import java.util.Optional;

/** Job records in the bucket: {@code request.json} and {@code status.json}. */
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

    public void save(JobStatus status) {
        store.put(S3Keys.status(status.id()), write(status), "application/json");
    }

    public void saveRequest(JobRequest request) {
        store.put(S3Keys.request(request.jobId()), codec.encode(request).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "application/json");
    }

    public Optional<JobRequest> request(String jobId) {
        return store.get(S3Keys.request(jobId)).map(b -> codec.decode(new String(b, java.nio.charset.StandardCharsets.UTF_8)));
    }

    public Optional<WebhookDelivery> webhookDelivery(String jobId, String type) {
        return store.get(S3Keys.webhookDelivery(jobId, type)).map(b -> read(b, WebhookDelivery.class));
    }

    public void saveWebhookDelivery(String jobId, WebhookDelivery delivery) {
        store.put(S3Keys.webhookDelivery(jobId, delivery.type()), write(delivery), "application/json");
    }

    /** The delivery logs of a job's webhook events, in the order they were created. */
    public java.util.List<WebhookDelivery> webhookDeliveries(String jobId) {
        return store.list(S3Keys.webhookPrefix(jobId)).stream()
                .map(key -> store.get(key).map(b -> read(b, WebhookDelivery.class)))
                .flatMap(Optional::stream)
                .sorted(java.util.Comparator.comparing((WebhookDelivery d) -> d.attempts().isEmpty() ? null
                        : d.attempts().get(0).at(), java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())))
                .toList();
    }

    private <T> T read(byte[] bytes, Class<T> type) {
        try {
            return json.readValue(bytes, type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable " + type.getSimpleName(), e);
        }
    }

    private JobStatus readStatus(byte[] bytes) {
        try {
            return json.readValue(bytes, JobStatus.class);
        } catch (java.io.IOException e) {
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
