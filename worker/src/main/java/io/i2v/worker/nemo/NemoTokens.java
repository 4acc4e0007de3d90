package io.i2v.worker.nemo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.storage.ObjectStore;
import io.i2v.worker.config.WorkerConfig;
import io.i2v.worker.nemo.NemoRetryPolicy.Retry;
import io.i2v.worker.nemo.NemoRetryPolicy.Scope;
import io.i2v.worker.nemo.NemoRetryPolicy.Tries;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The bearer token: {@code NEMO_TOKEN} as is, else an anonymous token for a stable client id.
 * The client id and the anonymous token are kept in the bucket ({@value #KEY}) because the service
 * issues one anonymous token per client id per 7 days: a restarted worker must reuse it. The
 * token is cached until shortly before it expires and is never logged or put in a status.
 */
final class NemoTokens {
    static final String KEY = "nemo/anonymous-token.json";
    private static final Duration MARGIN = Duration.ofSeconds(60);

    private final WorkerConfig.Nemo config;
    private final ObjectStore store;
    private final ObjectMapper json;
    private final Clock clock;
    private final Function<String, Uni<Envelope.Reply>> anonymous;
    private final NemoWorkers workers;
    private final NemoRetryPolicy policy;
    private Held held;
    private Uni<Held> fetching;

    private record Held(String clientId, String token, Instant expires) {}

    NemoTokens(
            WorkerConfig.Nemo config,
            ObjectStore store,
            ObjectMapper json,
            Clock clock,
            Function<String, Uni<Envelope.Reply>> anonymous,
            NemoWorkers workers,
            NemoRetryPolicy policy) {
        this.workers = workers;
        this.policy = policy;
        this.config = config;
        this.store = store;
        this.json = json;
        this.clock = clock;
        this.anonymous = anonymous;
    }

    /** The header value {@code Bearer <token>}. */
    Uni<String> bearer() {
        Optional<String> fixed = config.token();
        if (fixed.isPresent()) {
            return Uni.createFrom().item("Bearer " + fixed.get());
        }
        synchronized (this) {
            if (held != null && clock.instant().plus(MARGIN).isBefore(held.expires)) {
                return Uni.createFrom().item("Bearer " + held.token);
            }
            if (fetching == null) {
                fetching = load().flatMap(
                                h -> h != null ? Uni.createFrom().item(h) : fetch(null, Tries.of(Scope.TOKEN)))
                        .onTermination()
                        .invoke(() -> {
                            synchronized (this) {
                                fetching = null;
                            }
                        })
                        .memoize()
                        .indefinitely();
            }
            return fetching.map(h -> "Bearer " + h.token);
        }
    }

    /** The service refused {@code bearer}: forget it (once, however many calls saw it) so the next call fetches. */
    synchronized void rejected(String bearer) {
        if (held != null && bearer.equals("Bearer " + held.token)) {
            held = new Held(held.clientId, held.token, Instant.EPOCH);
        }
    }

    private Uni<Held> load() {
        Held known;
        synchronized (this) {
            known = held;
        }
        if (known != null) {
            return Uni.createFrom().item(known.expires.isAfter(clock.instant().plus(MARGIN)) ? known : null);
        }
        return workers.run(() -> store.get(KEY).map(this::parse).orElse(null)).map(h -> {
            if (h == null
                    || config.clientId().isPresent() && !config.clientId().get().equals(h.clientId)) {
                return null;
            }
            synchronized (this) {
                held = h;
            }
            return h.expires.isAfter(clock.instant().plus(MARGIN)) ? h : null;
        });
    }

    private Uni<Held> fetch(String clientIdOverride, Tries tries) {
        String clientId = clientIdOverride != null ? clientIdOverride : clientId();
        return anonymous.apply(clientId).flatMap(reply -> {
            NemoError error = reply.error();
            Optional<Retry> retry = error == null ? Optional.empty() : policy.next(error, tries);
            if (retry.isPresent()) {
                return fetch(UUID.randomUUID().toString(), tries.after(retry.get())); // "set the client id, retry"
            }
            if (error != null) {
                return Uni.createFrom().failure(new NemoException(error));
            }
            JsonNode d = reply.data();
            Instant expires = parseInstant(d.path("expires_at").asText(null));
            Held h = new Held(clientId, d.path("token").asText(), expires);
            synchronized (this) {
                held = h;
            }
            return workers.run(() -> {
                store.put(
                        KEY,
                        json.writeValueAsBytes(
                                Map.of("clientId", h.clientId, "token", h.token, "expiresAt", h.expires.toString())),
                        "application/json");
                return h;
            });
        });
    }

    private String clientId() {
        if (config.clientId().isPresent()) {
            return config.clientId().get();
        }
        Held h;
        synchronized (this) {
            h = held;
        }
        return h != null ? h.clientId : UUID.randomUUID().toString();
    }

    private Instant parseInstant(String s) {
        try {
            return s == null ? clock.instant().plus(Duration.ofHours(1)) : Instant.parse(s);
        } catch (RuntimeException e) {
            return clock.instant().plus(Duration.ofHours(1));
        }
    }

    private Held parse(byte[] bytes) {
        try {
            JsonNode n = json.readTree(new String(bytes, StandardCharsets.UTF_8));
            return new Held(
                    n.path("clientId").asText(),
                    n.path("token").asText(),
                    Instant.parse(n.path("expiresAt").asText()));
        } catch (Exception e) {
            return null;
        }
    }
}
