package io.i2v.nemosim;

import static io.i2v.nemo.contract.NemoApi.AUTHORIZATION;
import static io.i2v.nemo.contract.NemoApi.BEARER;
import static io.i2v.nemo.contract.NemoApi.CLIENT_ID;

import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Tokens: the anonymous flow (one per client id while valid), bearer checks, the scripted expiries. */
final class SimUsers {
    private final Map<String, SimUser> users = new ConcurrentHashMap<>();
    private final Map<String, String> tokenByClient = new ConcurrentHashMap<>();
    private final SimScript script;
    private final SimReplies replies;
    private final Clock clock;

    SimUsers(SimScript script, SimReplies replies, Clock clock) {
        this.script = script;
        this.replies = replies;
        this.clock = clock;
    }

    /** A token the service knows without the anonymous flow. */
    void register(String token, int credits) {
        users.put(token, new SimUser("usr_" + token.hashCode(), token, null, Instant.MAX, credits));
    }

    /** Credits left for the user of {@code token}, -1 for an unknown token. */
    int credits(String token) {
        SimUser u = users.get(token);
        return u == null ? -1 : u.credits.get();
    }

    void anonymousToken(HttpServerRequest req) {
        String clientId = req.getHeader(CLIENT_ID);
        if (clientId == null || clientId.isBlank()) {
            replies.error(req, 400, 400, CLIENT_ID + " header is required");
            return;
        }
        String previous = tokenByClient.get(clientId);
        if (previous != null
                && users.containsKey(previous)
                && users.get(previous).valid(clock.instant())) {
            // one anonymous token per client id while the last one is valid (the 7-day rule)
            replies.error(req, 429, 429, "an anonymous token was already issued for this client id");
            return;
        }
        String token = "nmv_usr_" + UUID.randomUUID().toString().replace("-", "");
        Instant expires = clock.instant().plus(script.tokenLifetime());
        SimUser user = new SimUser("anon_" + clientId.hashCode(), token, clientId, expires, script.startingCredits());
        users.put(token, user);
        tokenByClient.put(clientId, token);
        replies.ok(
                req,
                replies.object()
                        .put("token", token)
                        .put("user_id", user.id)
                        .put("expires_at", expires.toString())
                        .put("credits", user.credits.get()));
    }

    /** The caller, or null once a 1001/1010/1011 reply has been sent. */
    SimUser authenticate(HttpServerRequest req) {
        String auth = req.getHeader(AUTHORIZATION);
        String token = auth != null && auth.startsWith(BEARER) ? auth.substring(BEARER.length()) : null;
        SimUser user = token == null ? null : users.get(token);
        if (user == null || !user.valid(clock.instant())) {
            replies.error(req, 401, 1001, "token invalid or expired");
            return null;
        }
        int expiredCode = script.take(SimScript.Fault.TOKEN_EXPIRED_1001)
                ? 1001
                : script.take(SimScript.Fault.TOKEN_EXPIRED_1010)
                        ? 1010
                        : script.take(SimScript.Fault.TOKEN_EXPIRED_1011) ? 1011 : 0;
        if (expiredCode != 0) {
            user.revoked = true;
            replies.error(req, 401, expiredCode, "token expired");
            return null;
        }
        return user;
    }

    /** {@code GET credits}: available, frozen, total. */
    void balance(HttpServerRequest req, SimUser user) {
        replies.ok(
                req,
                replies.object()
                        .put("available", user.credits.get())
                        .put("frozen", 0)
                        .put("total", user.credits.get()));
    }
}
