package io.i2v.core.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.config.I2vConfig;
import io.i2v.core.job.JobRequest;
import io.i2v.core.job.JobRequestCodec;
import io.i2v.core.job.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/** Sends job requests to the jobs queue, with the format version and job id as attributes. */
@ApplicationScoped
public class JobQueue {
    public static final String ATTR_VERSION = "i2v-version";
    public static final String ATTR_JOB_ID = "i2v-job-id";

    private final QueueSender sender;
    private final String queue;
    private final JobRequestCodec codec;

    public JobQueue(QueueSender sender, I2vConfig config, ObjectMapper json) {
        this.sender = sender;
        this.queue = config.queues().jobs();
        this.codec = new JobRequestCodec(json);
    }

    public void send(JobRequest request) {
        Map<String, String> attributes =
                new HashMap<>(Map.of(ATTR_VERSION, Integer.toString(request.version()), ATTR_JOB_ID, request.jobId()));
        if (request.traceparent() != null) {
            attributes.put(TraceContext.HEADER, request.traceparent());
        }
        sender.send(queue, codec.encode(request), attributes, "job " + request.jobId());
    }

    /**
     * Approximate queue position of a queued job: the jobs waiting in the queue (a standard SQS
     * queue keeps no strict order, so this is an estimate, at least 1); empty when unknown.
     */
    public OptionalInt position() {
        OptionalInt waiting = sender.waiting(queue);
        return waiting.isPresent() ? OptionalInt.of(Math.max(1, waiting.getAsInt())) : waiting;
    }
}
