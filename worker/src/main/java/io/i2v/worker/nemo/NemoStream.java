package io.i2v.worker.nemo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.i2v.worker.nemo.Envelope.Reply;
import io.i2v.worker.nemo.NemoRetryPolicy.Retry;
import io.i2v.worker.nemo.NemoRetryPolicy.Scope;
import io.i2v.worker.nemo.NemoRetryPolicy.Tries;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.ws.rs.WebApplicationException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The message call ({@code run_sse}), the long one: an SSE stream with no "done" event, whose
 * failures are told apart by {@link NemoInterruption} type. Part of {@link NemoClient}, which
 * owns it; its refusals are retried by the client's {@link NemoRetryPolicy}.
 */
final class NemoStream {
    private final NemoRestClient rest;
    private final ObjectMapper json;
    private final NemoTokens tokens;
    private final NemoRetryPolicy policy;
    private final Duration heartbeatOnlyTimeout;

    NemoStream(
            NemoRestClient rest,
            ObjectMapper json,
            NemoTokens tokens,
            NemoRetryPolicy policy,
            Duration heartbeatOnlyTimeout) {
        this.rest = rest;
        this.json = json;
        this.tokens = tokens;
        this.policy = policy;
        this.heartbeatOnlyTimeout = heartbeatOnlyTimeout;
    }

    /** What the job does around each attempt of the message call. */
    interface Sender {
        /** The last thing before the request goes out (the job's "sending" checkpoint). */
        Uni<Void> sending();

        /** Before the retry (say why); for {@link Retry#NEW_SESSION} make the session, returning its id. */
        Uni<String> retrying(Retry retry, String sessionId);
    }

    /**
     * The stream's progress events (text, tool activity); heartbeats and keep-alives
     * only keep it alive, and only those for too long fail it {@link NemoInterruption.Stalled}.
     * A refusal before it starts is retried as the policy says, else fails it
     * {@link NemoInterruption.Refused}; a connection that breaks fails it
     * {@link NemoInterruption.NeverConnected} or {@link NemoInterruption.Lost}.
     */
    Multi<StreamEvent> run(String sessionId, String text, Sender sender) {
        return stream(sessionId, text, sender, Tries.of(Scope.STREAM));
    }

    private Multi<StreamEvent> stream(String sessionId, String text, Sender sender, Tries tries) {
        ObjectNode message = json.createObjectNode()
                .put("app_name", "nemo_agent")
                .put("user_id", "me")
                .put("session_id", sessionId);
        message.putObject("new_message").putArray("parts").addObject().put("text", text);
        String body = message.toString();
        return tokens.bearer()
                .onItem()
                .transformToMulti(auth -> open(auth, body, Uni.createFrom().deferred(sender::sending))
                        .onFailure(NemoInterruption.Refused.class)
                        .recoverWithMulti(e -> {
                            Optional<Retry> retry = policy.next(((NemoInterruption.Refused) e).error(), tries);
                            return retry.isEmpty()
                                    ? Multi.createFrom().failure(e)
                                    : sender.retrying(retry.get(), sessionId)
                                            .call(sid -> policy.prepare(retry.get(), auth, tokens))
                                            .onItem()
                                            .transformToMulti(
                                                    sid -> stream(sid, text, sender, tries.after(retry.get())));
                        }));
    }

    /**
     * The request goes out with all of its body but the last byte; {@code sending} (the job's
     * checkpoint) is written while the call is open, and the last byte follows the moment it
     * lands. A worker killed in between leaves NemoVideo a truncated request, which it does not
     * take as an instruction; so the window in which the job cannot tell whether its instruction
     * was taken is one write on an open connection, not the opening of a call.
     */
    private static Multi<Buffer> body(String body, Uni<Void> sending) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Buffer head = Buffer.buffer(Arrays.copyOf(bytes, bytes.length - 1));
        Buffer last = Buffer.buffer(Arrays.copyOfRange(bytes, bytes.length - 1, bytes.length));
        return Multi.createBy()
                .concatenating()
                .streams(
                        Multi.createFrom().item(head),
                        sending.onItem().transform(v -> last).toMulti());
    }

    private Multi<StreamEvent> open(String auth, String body, Uni<Void> sending) {
        AtomicBoolean started = new AtomicBoolean();
        return rest.runSse(auth, body(body, sending))
                .onFailure(WebApplicationException.class)
                .transform(e -> {
                    Reply refusal = Envelope.reply(json, ((WebApplicationException) e).getResponse());
                    return new NemoException(
                            refusal.error() != null
                                    ? refusal.error()
                                    : new NemoError.Unexpected(refusal.status(), 0, "stream refused"));
                })
                .onItem()
                .transformToIterable(e -> StreamEvent.parse(json, e.data()))
                .onItem()
                .invoke(e -> {
                    if (e.kind() == StreamEvent.Kind.ERROR) {
                        throw new NemoException(NemoError.of(e.status(), e.code(), e.text()));
                    }
                    started.set(true);
                })
                .onFailure()
                .transform(e -> NemoInterruption.of(e, started.get()))
                .select()
                .where(StreamEvent::progress)
                .ifNoItem()
                .after(heartbeatOnlyTimeout)
                .failWith(NemoInterruption.Stalled::new);
    }
}
