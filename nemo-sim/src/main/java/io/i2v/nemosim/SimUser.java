package io.i2v.nemosim;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** A user of the simulated service: its token, credits and whether the token still holds. */
final class SimUser {
    final String id;
    final String token;
    final String clientId;
    final Instant expires;
    final AtomicInteger credits;
    volatile boolean revoked;

    SimUser(String id, String token, String clientId, Instant expires, int credits) {
        this.id = id;
        this.token = token;
        this.clientId = clientId;
        this.expires = expires;
        this.credits = new AtomicInteger(credits);
    }

    boolean valid(Instant now) {
        return !revoked && now.isBefore(expires);
    }
}
