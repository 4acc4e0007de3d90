package io.i2v.local;

import java.nio.file.Path;
import java.util.List;

/** A stand-alone local stack for process-level tests: durable queues in {@code args[0]}, prints its endpoints. */
public final class DurableAwsProcess {
    static final String BUCKET = "durable";
    static final String INBOX_EVENTS = "inbox-events";

    public static void main(String[] args) throws Exception {
        EmbeddedAws aws = EmbeddedAws.start(Path.of(args[0]), new EmbeddedAws.Options(0, 0, true, List.of("owned")));
        aws.createBucket(BUCKET);
        aws.createQueue(INBOX_EVENTS, 30, 5);
        aws.notifyObjectCreated(BUCKET, "inbox/", INBOX_EVENTS);
        System.out.println("ready " + aws.s3Endpoint() + " " + aws.sqsEndpoint());
        System.out.flush();
        Thread.currentThread().join();
    }
}
