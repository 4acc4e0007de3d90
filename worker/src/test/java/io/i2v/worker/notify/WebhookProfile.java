package io.i2v.worker.notify;

import io.i2v.worker.LocalStackProfile;
import java.util.HashMap;
import java.util.Map;

/**
 * Local mode with webhooks: a signing secret, quick retries, and http and every port
 * of 127.0.0.1 exempt (the test's receiver runs there; the default policy refuses loopback, see
 * GuardedHttpTest).
 */
public class WebhookProfile extends LocalStackProfile {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> c = new HashMap<>(super.getConfigOverrides());
        c.put("i2v.webhooks.secret", SECRET);
        c.put("i2v.outbound.schemes", "https,http");
        c.put("i2v.outbound.exempt-endpoints", "127.0.0.1:*");
        c.put("i2v.webhooks.retry-schedule", "PT1S,PT1S,PT1S");
        return c;
    }
}
