package io.i2v.worker.local;

import io.i2v.core.config.I2vConfig;
import io.i2v.local.EmbeddedAws;
import io.i2v.worker.config.WorkerConfig;
import jakarta.enterprise.context.Dependent;

/** What {@code ./i2v serve} prints: every local endpoint, name and credential, ready to paste into the AWS CLI. */
@Dependent
public class LocalEndpoints {
    private final EmbeddedAwsServers stack;
    private final I2vConfig config;
    private final WorkerConfig.Local local;

    public LocalEndpoints(EmbeddedAwsServers stack, I2vConfig config, WorkerConfig worker) {
        this.stack = stack;
        this.config = config;
        this.local = worker.local();
    }

    public String describe(String api) {
        String s3 = stack.s3Endpoint().toString();
        String sqs = stack.sqsEndpoint().toString();
        String bucket = config.storage().bucket();
        String queues = sqs + "/000000000000/";
        return """
                i2v is serving on 127.0.0.1 (local mode; Ctrl-C stops it, state in %s)
                  HTTP API  %s
                  S3        %s   bucket %s (an upload under inbox/ starts a job)
                  SQS       %s   intake queue %s%s (job submissions), events %s%s
                  credentials (any AWS client):
                    export AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_DEFAULT_REGION=%s
                  try:
                    aws --endpoint-url %s s3 cp photo.jpg s3://%s/inbox/photo.jpg --metadata '{"prompt":"slow push in, 6 seconds"}'
                    aws --endpoint-url %s sqs send-message --queue-url %s%s --message-body '{"version":1,"prompt":"pan right","images":[{"key":"inbox/photo.jpg"}]}'
                    aws --endpoint-url %s sqs receive-message --queue-url %s%s --max-number-of-messages 10
                  (the events carry each job's id; then curl -s %s/v1/jobs/JOB_ID)
                """.formatted(
                        local.dir().toAbsolutePath().normalize(),
                        api,
                        s3,
                        bucket,
                        sqs,
                        queues,
                        local.intakeQueue(),
                        queues,
                        config.queues().events(),
                        EmbeddedAws.ACCESS_KEY,
                        EmbeddedAws.SECRET_KEY,
                        EmbeddedAws.REGION,
                        s3,
                        bucket,
                        sqs,
                        queues,
                        local.intakeQueue(),
                        sqs,
                        queues,
                        config.queues().events(),
                        api);
    }
}
