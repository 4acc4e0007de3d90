package io.i2v.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.config.JsonSetup;
import io.i2v.core.event.EventPublisher;
import io.i2v.core.event.JobEvent;
import io.i2v.core.queue.QueueSender;
import io.i2v.core.queue.QueueUrls;
import io.i2v.core.storage.TrackedStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A publisher killed in the middle of publishing an event, on the embedded S3 and a real FIFO
 * events queue (ElasticMQ): whichever side of the send it died on, the next delivery's relay
 * leaves exactly one copy of the event on the queue.
 */
class OutboxRelayTest {
    private static final ObjectMapper JSON = JsonSetup.newMapper();
    private static LedgerBench bench;
    private static SqsClient sqs;
    private static String queueUrl;
    private static EventPublisher publisher;
    private static JobLedger ledger;

    @BeforeAll
    static void start() throws Exception {
        bench = new LedgerBench();
        sqs = bench.aws.sqsClient();
        queueUrl = bench.aws.createQueue("relay-events.fifo", 30, 5);
        publisher = new EventPublisher(new QueueSender(sqs, new QueueUrls(sqs)), "relay-events.fifo", JSON, null);
        ledger = new JobLedger(bench.jobs, publisher);
    }

    @AfterAll
    static void stop() {
        sqs.close();
        bench.close();
    }

    @Test
    void anEventClaimedByAPublisherKilledBeforeSendingGoesOutWithTheNextDelivery() throws Exception {
        JobStatus done = succeeded();
        JobEvent event = JobEvent.of(JobEvent.SUCCEEDED, done.id(), done.state(), null, Instant.now());
        bench.jobs.claimEvent(done.id(), event.eventId(), event); // killed here: claimed, never sent
        assertEquals(0, onQueue(done.id()).size(), "lost so far");

        ledger.relay(done);
        ledger.relay(done); // a further delivery finds it marked sent

        List<JsonNode> received = onQueue(done.id());
        assertEquals(1, received.size());
        assertEquals("job.succeeded", received.get(0).get("type").asText());
    }

    @Test
    void anEventSentByAPublisherKilledBeforeMarkingItIsNotReceivedTwice() throws Exception {
        JobStatus done = succeeded();
        JobEvent event = JobEvent.of(JobEvent.SUCCEEDED, done.id(), done.state(), null, Instant.now());
        bench.jobs.claimEvent(done.id(), event.eventId(), event);
        publisher.publish(event, null); // killed here: sent, never marked

        ledger.relay(done); // sends it again: the queue drops the copy by the event id

        assertEquals(1, onQueue(done.id()).size());
    }

    @Test
    void eventsPublishedWholeAreNotRelayed() throws Exception {
        JobStatus done = succeeded();
        ledger.publish(done, JobEvent.of(JobEvent.SUCCEEDED, done.id(), done.state(), null, Instant.now()));
        assertEquals(List.of(), bench.jobs.unsentEvents(done.id()));
        ledger.relay(done);
        assertEquals(1, onQueue(done.id()).size());
    }

    private static JobStatus succeeded() {
        TrackedStatus queued = bench.created(null);
        return queued.status()
                .to(new JobState.Running(JobStage.STORING, 99), Instant.now())
                .to(new JobState.Succeeded(), Instant.now());
    }

    /** This job's messages on the queue, received and deleted as a subscriber would (until it is empty). */
    private static List<JsonNode> onQueue(String jobId) throws Exception {
        List<JsonNode> mine = new ArrayList<>();
        int empty = 0;
        while (empty < 2) {
            var messages = sqs.receiveMessage(
                            b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            empty = messages.isEmpty() ? empty + 1 : 0;
            for (var m : messages) {
                JsonNode e = JSON.readTree(m.body());
                if (e.get("jobId").asText().equals(jobId)) {
                    mine.add(e);
                }
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
        return mine;
    }
}
