package io.i2v.worker;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The worker in local mode, exactly as {@code ./i2v} runs it, with its state in a fresh folder. */
public class LocalStackProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "i2v.worker.local.enabled", "true",
                "i2v.worker.local.dir", "target/test-state/" + System.nanoTime(),
                "quarkus.http.test-port", "0",
                // free ports and queues in memory: tests run beside a ./i2v serve and each other
                "i2v.worker.local.s3-port", "0",
                "i2v.worker.local.sqs-port", "0",
                "i2v.worker.local.durable-queues", "false",
                "i2v.worker.retry-backoff", "PT1S");
    }
}
