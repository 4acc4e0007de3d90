package io.i2v.worker.nemo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.i2v.core.storage.ObjectStore;
import io.i2v.worker.config.WorkerConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

/**
 * NemoVideo calls with the protocol's rules built in: a bearer token on every call (fresh one
 * and one retry after 1001/1010/1011), one retry after HTTP 429 and the configured wait, all
 * three envelopes, both render-status shapes, and failures as typed {@link NemoException}s.
 * Non-blocking throughout: a waiting call or an open stream holds no thread.
 */
@ApplicationScoped
public class NemoClient {
    private final NemoRestClient rest;
    private final WorkerConfig.Nemo config;
    private final ObjectMapper json;
    private final NemoTokens tokens;
    private final NemoWorkers workers;

    /** One reply: the HTTP status, the unwrapped payload, and the error it carries (null for success). */
    record Reply(int status, JsonNode body, JsonNode data, NemoError error) {
    }

    /** A render as polled, from either status shape. */
    record RenderStatus(String status, int progress, String outputUrl, String detail) {
        boolean completed() {
            return status.equals("completed") || status.equals("succeeded") || status.equals("done");
        }

        boolean failed() {
            return status.equals("failed") || status.equals("error") || status.equals("cancelled");
        }
    }

    record Credits(int available, int frozen, int total) {
    }

    public NemoClient(WorkerConfig workerConfig, ObjectStore store, ObjectMapper json, Clock clock, NemoWorkers workers,
                      @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.config = workerConfig.nemo();
        this.json = json;
        this.workers = workers;
        int pool = Math.max(50, config.maxInFlight() * 2 + 20);
        this.rest = QuarkusRestClientBuilder.newBuilder()
                .baseUri(config.apiUrl())
                .register(new AttributionHeaders(version, config.platform()))
                .property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, pool)
                .connectTimeout(30, TimeUnit.SECONDS)
                .readTimeout(config.streamTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .build(NemoRestClient.class);
        this.tokens = new NemoTokens(config, store, json, clock, clientId -> reply(rest.anonymousToken(clientId)),
                workers);
    }

    Uni<JsonNode> createSession(String language) {
        String body = json.createObjectNode().put("task_name", "project").put("language", language).toString();
        return call(auth -> rest.createSession(auth, body));
    }

    /** Uploads one file into the session (multipart field {@code files}); returns the file entries. */
    Uni<JsonNode> upload(String sessionId, Path file) {
        return call(auth -> rest.upload(auth, sessionId, file.toFile())).map(d -> d.path("files"));
    }

    Uni<JsonNode> uploadUrls(String sessionId, List<String> urls) {
        ObjectNode body = json.createObjectNode().put("source_type", "url");
        urls.forEach(body.putArray("urls")::add);
        return call(auth -> rest.uploadUrls(auth, sessionId, body.toString())).map(d -> d.path("files"));
    }

    /** The session's state ({@code data.state}). */
    Uni<JsonNode> state(String sessionId) {
        return call(auth -> rest.state(auth, sessionId)).map(d -> d.has("state") ? d.get("state") : d);
    }

    Uni<Credits> credits() {
        return call(rest::credits).map(d -> new Credits(d.path("available").asInt(), d.path("frozen").asInt(),
                d.path("total").asInt()));
    }

    Uni<Void> submitRender(String renderId, String sessionId, JsonNode draft) {
        ObjectNode body = json.createObjectNode().put("id", renderId).put("sessionId", sessionId);
        body.set("draft", draft);
        body.putObject("output").put("format", "mp4").put("quality", "high");
        return call(auth -> rest.submitRender(auth, body.toString()), e -> e instanceof NemoError.Unexpected u
                && (u.status() == 409 || u.status() == 400 && u.code() != 0)
                ? new NemoError.RenderRejected(u.status(), u.detail()) : e).replaceWithVoid();
    }

    Uni<RenderStatus> render(String renderId) {
        return withToken(auth -> reply(rest.render(auth, renderId))).map(r -> {
            if (r.error() instanceof NemoError.Unexpected u && u.status() == 404) {
                throw new NemoException(new NemoError.RenderRejected(404, "render " + renderId + " is unknown"));
            }
            if (r.error() != null) {
                throw new NemoException(r.error());
            }
            JsonNode d = r.data();
            // data.status + data.outputUrl, or top-level status + output.url
            String url = d.path("outputUrl").asText(d.path("output_url").asText(d.path("output").path("url")
                    .asText(null)));
            return new RenderStatus(d.path("status").asText("pending").toLowerCase(), d.path("progress").asInt(),
                    url, d.path("error").asText(d.path("message").asText("")));
        });
    }

    Uni<Void> cancelRender(String renderId) {
        return call(auth -> rest.cancelRender(auth, renderId)).replaceWithVoid();
    }

    /** Downloads the render from its output URL, else through the fallback endpoint with the token. */
    Uni<Path> download(String renderId, String outputUrl, Path target) {
        Uni<Response> direct = outputUrl == null ? Uni.createFrom().nullItem()
                : rest.fetch(outputUrl).onFailure().recoverWithItem(e -> null);
        return direct.flatMap(r -> r != null && r.getStatus() == 200 ? Uni.createFrom().item(r)
                        : tokens.bearer().flatMap(auth -> rest.download(auth, renderId)
                        .onFailure(WebApplicationException.class).recoverWithItem(e ->
                                ((WebApplicationException) e).getResponse())))
                .flatMap(r -> workers.run(() -> {
                    if (r.getStatus() != 200) {
                        throw new NemoException(new NemoError.Unexpected(r.getStatus(), 0, "render download failed"));
                    }
                    Path partial = target.resolveSibling(target.getFileName() + ".part");
                    try (InputStream in = r.readEntity(InputStream.class)) {
                        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    }
                    return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
                }));
    }

    /**
     * The message stream. A refusal before the stream starts (1001, 1002, 429, 2001, …) fails it
     * with a {@link NemoException}; a connection lost after it started fails it with anything else.
     */
    Multi<StreamEvent> run(String auth, String sessionId, String text) {
        ObjectNode body = json.createObjectNode().put("app_name", "nemo_agent").put("user_id", "me")
                .put("session_id", sessionId);
        body.putObject("new_message").putArray("parts").addObject().put("text", text);
        return rest.runSse(auth, body.toString())
                .onFailure(WebApplicationException.class).transform(e -> {
                    Reply refusal = reply(((WebApplicationException) e).getResponse());
                    return new NemoException(refusal.error() != null ? refusal.error()
                            : new NemoError.Unexpected(refusal.status(), 0, "stream refused"));
                })
                .onItem().transformToIterable(e -> StreamEvent.parse(json, e.data()))
                .onItem().invoke(e -> {
                    if (e.kind() == StreamEvent.Kind.ERROR) {
                        throw new NemoException(NemoError.of(e.status(), e.code(), e.text()));
                    }
                });
    }

    /** A bearer token for a call the caller makes itself (the stream). */
    Uni<String> bearer() {
        return tokens.bearer();
    }

    void tokenRejected(String bearer) {
        tokens.rejected(bearer);
    }

    boolean tokenRenewable() {
        return tokens.renewable();
    }

    NemoWorkers workers() {
        return workers;
    }

    Duration rateLimitWait() {
        return config.rateLimitWait();
    }

    // ---- plumbing

    private Uni<JsonNode> call(Function<String, Uni<Response>> call) {
        return call(call, Function.identity());
    }

    private Uni<JsonNode> call(Function<String, Uni<Response>> call, Function<NemoError, NemoError> refine) {
        return withToken(auth -> reply(call.apply(auth))).map(r -> {
            if (r.error() != null) {
                throw new NemoException(refine.apply(r.error()));
            }
            return r.data();
        });
    }

    /**
     * Runs {@code call} with a token; after 1001/1010/1011 with a fresh token once more, and after
     * 429 once more after the wait. Replies are checked here; a retried one is the final answer.
     */
    private Uni<Reply> withToken(Function<String, Uni<Reply>> call) {
        return attempt(call).flatMap(first -> {
            if (first.reply.error() instanceof NemoError.TokenRejected && tokens.renewable()) {
                tokens.rejected(first.auth);
                return attempt(call).flatMap(second -> second.reply.error() instanceof NemoError.RateLimited
                        ? afterWait(call) : Uni.createFrom().item(second.reply));
            }
            if (first.reply.error() instanceof NemoError.RateLimited) {
                return afterWait(call);
            }
            return Uni.createFrom().item(first.reply);
        }).ifNoItem().after(config.callTimeout().plus(config.rateLimitWait()))
                .failWith(() -> new NemoException(new NemoError.Unexpected(0, 0, "no answer in time")));
    }

    private record Attempt(String auth, Reply reply) {
    }

    private Uni<Attempt> attempt(Function<String, Uni<Reply>> call) {
        return tokens.bearer().flatMap(auth -> call.apply(auth).map(r -> new Attempt(auth, r)));
    }

    private Uni<Reply> afterWait(Function<String, Uni<Reply>> call) {
        return Uni.createFrom().voidItem().onItem().delayIt().by(config.rateLimitWait())
                .flatMap(v -> attempt(call)).map(Attempt::reply);
    }

    private Uni<Reply> reply(Uni<Response> response) {
        return response.onFailure(WebApplicationException.class)
                .recoverWithItem(e -> ((WebApplicationException) e).getResponse())
                .onFailure(e -> !(e instanceof NemoException)).transform(e ->
                        new NemoException(new NemoError.Unexpected(0, 0, e.getClass().getSimpleName() + ": "
                                + e.getMessage())))
                .map(this::reply);
    }

    private Reply reply(Response r) {
        JsonNode body;
        try {
            String text = r.hasEntity() ? r.readEntity(String.class) : "";
            body = text == null || text.isBlank() ? json.createObjectNode() : json.readTree(text);
        } catch (IOException | RuntimeException e) {
            body = json.createObjectNode().put("message", "unreadable reply");
        }
        return new Reply(r.getStatus(), body, Envelope.data(body), Envelope.error(r.getStatus(), body));
    }
}
