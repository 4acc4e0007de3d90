package io.i2v.nemosim;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A NemoVideo agent API on loopback, following {@code nemo-protocol.md}: anonymous tokens,
 * sessions, uploads, the {@code run_sse} stream, session state, credits and renders (real MP4s),
 * with the documented variants and faults scripted through {@link #script()}. It is the
 * project's only fake: the real service cannot be reached from tests. Non-blocking (Vert.x), so
 * one simulator holds hundreds of open streams on a couple of threads.
 *
 * <p>This class wires the parts and is what tests hold: {@link SimRouter} routes requests to
 * {@link SimUsers}, {@link SimSessions}, {@link SimUploads}, {@link MessageStream} (played by
 * {@link StreamPlayer}) and {@link SimRenders}.
 */
public final class NemoSimulator implements AutoCloseable {
    private final Vertx vertx;
    private final HttpServer server;
    private final SimScript script = new SimScript();
    private final SimRecord record;
    private final SimUsers users;
    private final StreamPlayer player;
    private final SimRenders renders;

    private NemoSimulator(Vertx vertx, Path workDir, boolean keepRequests, int port) throws Exception {
        this.vertx = vertx;
        this.record = new SimRecord(keepRequests);
        Clock clock = Clock.systemUTC();
        SimReplies replies = new SimReplies(new ObjectMapper(), script);
        SimSessions sessions = new SimSessions(script, record, replies, clock);
        this.users = new SimUsers(script, replies, clock);
        this.player = new StreamPlayer(vertx, script);
        this.renders =
                new SimRenders(vertx, sessions, script, record, replies, new Mp4Maker(workDir), clock, this::url);
        SimRouter router = new SimRouter(
                users,
                sessions,
                new SimUploads(sessions, script, record, replies, clock, this::url),
                new MessageStream(vertx, sessions, script, record, replies, player, clock),
                renders,
                new SimInspection(record, sessions, replies),
                record,
                replies,
                clock);
        this.server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(port, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    /** Starts on a free loopback port with its own event loop; {@code keepRequests} records every request. */
    public static NemoSimulator start(Path workDir, boolean keepRequests) throws Exception {
        return start(workDir, keepRequests, 0);
    }

    public static NemoSimulator start(Path workDir, boolean keepRequests, int port) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2));
        return new NemoSimulator(vertx, workDir, keepRequests, port);
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public SimScript script() {
        return script;
    }

    public SimRecord record() {
        return record;
    }

    /** A token the service knows without the anonymous flow (what {@code NEMO_TOKEN} would hold). */
    public void registerToken(String token, int credits) {
        users.register(token, credits);
    }

    /** Ends every held stream (HOLD_STREAM, HEARTBEATS_ONLY) by closing its connection. */
    public void releaseStreams() {
        player.release();
    }

    /** Lets every held render (HOLD_RENDER) complete. */
    public void releaseRenders() {
        renders.release();
    }

    public int openStreams() {
        return player.open();
    }

    public int peakStreams() {
        return player.peak();
    }

    /** Starts counting the peak of open streams afresh. */
    public void resetPeakStreams() {
        player.resetPeak();
    }

    public int streamsCompleted() {
        return player.completed();
    }

    /** The id of the session an accepted instruction containing {@code marker} went to. */
    public String sessionOf(String marker) {
        List<SimRecord.Instruction> found = record.instructionsContaining(marker);
        return found.isEmpty() ? null : found.get(0).sessionId();
    }

    /** Credits left for the user of {@code token}. */
    public int credits(String token) {
        return users.credits(token);
    }

    @Override
    public void close() {
        releaseStreams();
        server.close();
        vertx.close();
    }
}
