package io.i2v.worker.nemo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.i2v.core.storage.ObjectStore;
import io.i2v.worker.config.WorkerConfig;
import io.i2v.worker.nemo.Envelope.Reply;
import io.i2v.worker.nemo.NemoRetryPolicy.Retry;
import io.i2v.worker.nemo.NemoRetryPolicy.Scope;
import io.i2v.worker.nemo.NemoRetryPolicy.Tries;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

/**
 * NemoVideo calls with the protocol's rules built in: a bearer token on every call, the retries
 * of {@link NemoRetryPolicy} (for the message stream too, before it starts), all three
 * envelopes, both render-status shapes, and failures as typed {@link NemoException}s (the
 * stream's as {@link NemoInterruption}s). Non-blocking throughout: a waiting call or an open
 * stream holds no thread.
 */
@ApplicationScoped
public class NemoClient {
    private final NemoRestClient rest;
    private final WorkerConfig.Nemo config;
    private final ObjectMapper json;
    private final NemoTokens tokens;
    private final NemoWorkers workers;
    private final NemoRetryPolicy policy;
    private final NemoStream stream;

    /** A render as polled, from either status shape. */
    record RenderStatus(String status, int progress, String outputUrl, String detail) {
        boolean completed() {
            return status.equals("completed") || status.equals("succeeded") || status.equals("done");
        }

        boolean failed() {
            return status.equals("failed") || status.equals("error") || status.equals("cancelled");
        }

        /** {@code data.status} + {@code data.outputUrl}, or top-level {@code status} + {@code output.url}. */
        static RenderStatus of(JsonNode d) {
            String url = d.path("outputUrl")
                    .asText(d.path("output_url")
                            .asText(d.path("output").path("url").asText(null)));
            return new RenderStatus(
                    d.path("status").asText("pending").toLowerCase(),
                    d.path("progress").asInt(),
                    url,
                    d.path("error").asText(d.path("message").asText("")));
        }
    }

    record Credits(int available, int frozen, int total) {}

    public NemoClient(
            WorkerConfig workerConfig,
            ObjectStore store,
            ObjectMapper json,
            Clock clock,
            NemoWorkers workers,
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
        this.policy = new NemoRetryPolicy(config.rateLimitWait(), config.token().isEmpty());
        this.tokens = new NemoTokens(
                config, store, json, clock, clientId -> reply(rest.anonymousToken(clientId)), workers, policy);
        this.stream = new NemoStream(rest, json, tokens, policy, config.heartbeatOnlyTimeout());
    }

    Uni<JsonNode> createSession(String language) {
        String body = json.createObjectNode()
                .put("task_name", "project")
                .put("language", language)
                .toString();
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
        return call(rest::credits)
                .map(d -> new Credits(
                        d.path("available").asInt(),
                        d.path("frozen").asInt(),
                        d.path("total").asInt()));
    }

    Uni<Void> submitRender(String renderId, String sessionId, JsonNode draft) {
        ObjectNode body = json.createObjectNode().put("id", renderId).put("sessionId", sessionId);
        body.set("draft", draft);
        body.putObject("output").put("format", "mp4").put("quality", "high");
        return call(
                        auth -> rest.submitRender(auth, body.toString()),
                        e -> e instanceof NemoError.Unexpected u
                                        && (u.status() == 409 || u.status() == 400 && u.code() != 0)
                                ? new NemoError.RenderRejected(u.status(), u.detail())
                                : e)
                .replaceWithVoid();
    }

    Uni<RenderStatus> render(String renderId) {
        return retrying(auth -> reply(rest.render(auth, renderId))).map(r -> {
            if (r.error() instanceof NemoError.Unexpected u && u.status() == 404) {
                throw new NemoException(new NemoError.RenderRejected(404, "render " + renderId + " is unknown"));
            }
            if (r.error() != null) {
                throw new NemoException(r.error());
            }
            return RenderStatus.of(r.data());
        });
    }

    Uni<Void> cancelRender(String renderId) {
        return call(auth -> rest.cancelRender(auth, renderId)).replaceWithVoid();
    }

    /** Downloads the render from its output URL, else through the fallback endpoint with the token. */
    Uni<Path> download(String renderId, String outputUrl, Path target) {
        Uni<Response> direct = outputUrl == null
                ? Uni.createFrom().nullItem()
                : rest.fetch(outputUrl).onFailure().recoverWithItem(e -> null);
        return direct.flatMap(r -> r != null && r.getStatus() == 200
                        ? Uni.createFrom().item(r)
                        : tokens.bearer()
                                .flatMap(auth -> rest.download(auth, renderId)
                                        .onFailure(WebApplicationException.class)
                                        .recoverWithItem(e -> ((WebApplicationException) e).getResponse())))
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

    /** The message stream ({@link NemoStream}), its refusals retried by the same policy. */
    Multi<StreamEvent> run(String sessionId, String text, NemoStream.Sender sender) {
        return stream.run(sessionId, text, sender);
    }

    NemoWorkers workers() {
        return workers;
    }

    // ---- plumbing

    private Uni<JsonNode> call(Function<String, Uni<Response>> call) {
        return call(call, Function.identity());
    }

    private Uni<JsonNode> call(Function<String, Uni<Response>> call, Function<NemoError, NemoError> refine) {
        return retrying(auth -> reply(call.apply(auth))).map(r -> {
            if (r.error() != null) {
                throw new NemoException(refine.apply(r.error()));
            }
            return r.data();
        });
    }

    /** Runs {@code call} with a token, again as the policy allows; the last reply is the answer. */
    private Uni<Reply> retrying(Function<String, Uni<Reply>> call) {
        return retrying(call, Tries.of(Scope.CALL))
                .ifNoItem()
                .after(config.callTimeout().plus(config.rateLimitWait()))
                .failWith(() -> new NemoException(new NemoError.Unexpected(0, 0, "no answer in time")));
    }

    private Uni<Reply> retrying(Function<String, Uni<Reply>> call, Tries tries) {
        return tokens.bearer()
                .flatMap(auth -> call.apply(auth).flatMap(reply -> {
                    Optional<Retry> retry =
                            reply.error() == null ? Optional.empty() : policy.next(reply.error(), tries);
                    return retry.isEmpty()
                            ? Uni.createFrom().item(reply)
                            : policy.prepare(retry.get(), auth, tokens)
                                    .flatMap(v -> retrying(call, tries.after(retry.get())));
                }));
    }

    private Uni<Reply> reply(Uni<Response> response) {
        return response.onFailure(WebApplicationException.class)
                .recoverWithItem(e -> ((WebApplicationException) e).getResponse())
                .onFailure(e -> !(e instanceof NemoException))
                .transform(e -> new NemoException(
                        new NemoError.Unexpected(0, 0, e.getClass().getSimpleName() + ": " + e.getMessage())))
                .map(this::reply);
    }

    private Reply reply(Response r) {
        return Envelope.reply(json, r);
    }
}
