package io.i2v.worker.nemo;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * Local mode with the cloud backend against the simulator. The protocol's waits are scaled down
 * (30 s → 300 ms, 60 s → 600 ms, 10 min of heartbeats → 1.5 s) keeping their ratios.
 */
public class NemoProfile implements QuarkusTestProfile {
    static final long FIRST_WAIT_MS = 300;
    static final long NEXT_WAIT_MS = 600;
    static final long RATE_LIMIT_WAIT_MS = 400;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("i2v.worker.local.enabled", "true"),
                Map.entry("i2v.worker.local.dir", "target/test-state/" + System.nanoTime()),
                Map.entry("quarkus.http.test-port", "0"),
                Map.entry("i2v.worker.local.s3-port", "0"),
                Map.entry("i2v.worker.local.sqs-port", "0"),
                Map.entry("i2v.worker.local.durable-queues", "false"),
                Map.entry("i2v.worker.backend", "nemo"),
                Map.entry("i2v.worker.nemo.recovery-first-wait", "PT" + FIRST_WAIT_MS / 1000.0 + "S"),
                Map.entry("i2v.worker.nemo.recovery-next-wait", "PT" + NEXT_WAIT_MS / 1000.0 + "S"),
                Map.entry("i2v.worker.nemo.rate-limit-wait", "PT" + RATE_LIMIT_WAIT_MS / 1000.0 + "S"),
                Map.entry("i2v.worker.nemo.heartbeat-only-timeout", "PT1.5S"),
                Map.entry("i2v.worker.nemo.poll-interval", "PT0.05S"),
                Map.entry("i2v.worker.nemo.max-polls", "60"),
                Map.entry("i2v.worker.nemo.call-timeout", "PT10S"));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(NemoSimResource.class));
    }
}
