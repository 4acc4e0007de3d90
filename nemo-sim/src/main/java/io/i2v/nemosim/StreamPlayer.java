package io.i2v.nemosim;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays scripted {@code run_sse} streams one step per event gap, on timers (no thread per stream),
 * holds streams that wait for {@link #release()}, and counts open, peak and completed streams.
 */
final class StreamPlayer {
    private final Vertx vertx;
    private final SimScript script;
    private final Set<HttpServerResponse> held = ConcurrentHashMap.newKeySet();
    private final Set<HttpServerResponse> untracked = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();

    StreamPlayer(Vertx vertx, SimScript script) {
        this.vertx = vertx;
        this.script = script;
    }

    /** Sends the SSE headers now and starts counting the stream as open. */
    void open(HttpServerResponse resp) {
        resp.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
        resp.write(":\n\n"); // a comment line: the headers go out now
        peak.accumulateAndGet(open.incrementAndGet(), Math::max);
        resp.closeHandler(v -> {
            held.remove(resp);
            untrack(resp);
        });
    }

    void play(HttpServerResponse resp, List<StreamStep> steps, StreamEvents events) {
        play(resp, steps, 0, events);
    }

    /** Heartbeats until the client goes away or {@link #release()}. */
    void hold(HttpServerResponse resp, StreamEvents events) {
        held.add(resp);
        heartbeatForever(resp, events);
    }

    /** Ends every held stream by closing its connection. */
    void release() {
        for (HttpServerResponse r : List.copyOf(held)) {
            held.remove(r);
            vertx.runOnContext(v -> r.reset());
        }
    }

    int open() {
        return open.get();
    }

    int peak() {
        return peak.get();
    }

    void resetPeak() {
        peak.set(open.get());
    }

    int completed() {
        return completed.get();
    }

    private void play(HttpServerResponse resp, List<StreamStep> steps, int i, StreamEvents events) {
        if (resp.closed() || resp.ended()) {
            untrack(resp);
            workGoesOn(steps, i);
            return;
        }
        if (i == steps.size()) {
            completed.incrementAndGet();
            untrack(resp);
            resp.end();
            return;
        }
        StreamStep step = steps.get(i);
        if (step instanceof StreamStep.Drop) {
            untrack(resp);
            resp.reset();
        } else if (step instanceof StreamStep.Hold) {
            hold(resp, events);
        } else if (step instanceof StreamStep.Work w) {
            w.run().run();
            play(resp, steps, i + 1, events);
        } else {
            resp.write(step instanceof StreamStep.Event e ? "data: " + e.payload() + "\n\n" : "data:\n\n");
            vertx.setTimer(gapMillis(), t -> play(resp, steps, i + 1, events));
        }
    }

    /**
     * The caller went away mid-stream (a worker killed): like the real service, the work still
     * lands in the project at the time it would have, and a state read shows it.
     */
    private void workGoesOn(List<StreamStep> steps, int from) {
        long delay = 0;
        for (StreamStep step : steps.subList(from, steps.size())) {
            if (step instanceof StreamStep.Work w) {
                vertx.setTimer(Math.max(1, delay), t -> w.run().run());
            } else if (!(step instanceof StreamStep.Drop) && !(step instanceof StreamStep.Hold)) {
                delay += gapMillis();
            }
        }
    }

    private void heartbeatForever(HttpServerResponse resp, StreamEvents events) {
        if (resp.closed() || resp.ended() || !held.contains(resp)) {
            untrack(resp);
            return;
        }
        resp.write("data: " + events.heartbeat() + "\n\n");
        vertx.setTimer(gapMillis(), t -> heartbeatForever(resp, events));
    }

    private long gapMillis() {
        return Math.max(1, script.eventGap().toMillis());
    }

    private void untrack(HttpServerResponse resp) {
        if (untracked.add(resp)) {
            open.decrementAndGet();
        }
    }
}
