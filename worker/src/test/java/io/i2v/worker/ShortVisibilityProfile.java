package io.i2v.worker;

import java.util.HashMap;
import java.util.Map;

/** Local mode with a jobs-queue visibility far shorter than a render, so only the heartbeat keeps a job to one delivery. */
public class ShortVisibilityProfile extends LocalStackProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.put("i2v.worker.local.jobs-visibility", "PT5S");
        config.put("i2v.worker.heartbeat.interval", "PT1S");
        config.put("i2v.worker.heartbeat.extension", "PT5S");
        return config;
    }
}
