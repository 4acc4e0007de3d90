package io.i2v.core.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.config.I2vConfig;
import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.core.job.JobRequest;
import io.i2v.core.job.JobRequestCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** Sends job requests to the jobs queue. */
@ApplicationScoped
public class JobQueue {
    public static final String ATTR_VERSION = "i2v-version";
    public static final String ATTR_JOB_ID = "i2v-job-id";

    private final SqsClient sqs;
    private final QueueUrls urls;
    private final String queue;
    private final JobRequestCodec codec;

    public JobQueue(SqsClient sqs, QueueUrls urls, I2vConfig config, ObjectMapper json) {
        this.sqs = sqs;
        this.urls = urls;
        this.queue = config.queues().jobs();
        this.codec = new JobRequestCodec(json);
    }

    public void send(JobRequest request) {
        try {
            sqs.sendMessage(b -> b.queueUrl(urls.url(queue)).messageBody(codec.encode(request))
                    .messageAttributes(Map.of(
                            ATTR_VERSION, string(Integer.toString(request.version())),
                            ATTR_JOB_ID, string(request.jobId()))));
        } catch (SdkException e) {
            throw new I2vException(ErrorCode.QUEUE_UNAVAILABLE, "could not enqueue job " + request.jobId()
                    + ": " + e.getClass().getSimpleName(), e);
        }
    }

    static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
