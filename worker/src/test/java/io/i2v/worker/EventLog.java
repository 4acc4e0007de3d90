package io.i2v.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Everything published on the events queue, read as a subscriber would. */
final class EventLog {
    private final SqsClient sqs;
    private final String url;
    private final ObjectMapper json;
    private final List<JsonNode> seen = new ArrayList<>();

    EventLog(SqsClient sqs, String queueName, ObjectMapper json) {
        this.sqs = sqs;
        this.url = sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl();
        this.json = json;
    }

    /**
     * Lifecycle event types (all but job.progress) for {@code jobId} in arrival order, waiting up to
     * {@code wait} for {@code last} to appear.
     */
    List<String> typesFor(String jobId, String last, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            for (var m : sqs.receiveMessage(
                            b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages()) {
                seen.add(json.readTree(m.body()));
                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
            List<String> types =
                    forJob(jobId).stream().map(e -> e.get("type").asText()).toList();
            if (types.contains(last) || System.nanoTime() > deadline) {
                return types;
            }
        }
    }

    /** Lifecycle events of {@code jobId} (job.progress left out), in arrival order. */
    List<JsonNode> forJob(String jobId) {
        return seen.stream()
                .filter(e -> e.get("jobId").asText().equals(jobId))
                .filter(e -> !e.get("type").asText().equals("job.progress"))
                .toList();
    }

    /** The job.progress events of {@code jobId} seen so far, in arrival order. */
    List<JsonNode> progressFor(String jobId) {
        return seen.stream()
                .filter(e -> e.get("jobId").asText().equals(jobId))
                .filter(e -> e.get("type").asText().equals("job.progress"))
                .toList();
    }
}
