package io.i2v.nemosim;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the simulator does next: protocol variants (envelope, stream form, render-status shape),
 * timings, and one-shot faults. Tests script it before a job and {@link #reset()} it after.
 */
public final class SimScript {

    /** Faults from the protocol doc. Each is consumed by the first request it applies to. */
    public enum Fault {
        /** The next authenticated call answers code 1001 (token invalid) and revokes the token. */
        TOKEN_EXPIRED_1001,
        /** Same with code 1010. */
        TOKEN_EXPIRED_1010,
        /** Same with code 1011. */
        TOKEN_EXPIRED_1011,
        /** The next {@code run_sse} finds its session gone: 1002. */
        SESSION_LOST,
        /** The next {@code run_sse} answers HTTP 429. */
        RATE_LIMITED,
        /** The next {@code run_sse} answers HTTP 503: the backend is down (nothing taken). */
        UNAVAILABLE,
        /** The next {@code run_sse} answers 2001 (no credits). */
        NO_CREDITS,
        /** The next upload answers 4001 (unsupported file). */
        UNSUPPORTED_FILE,
        /** The next upload answers 4002 (file too large). */
        FILE_TOO_LARGE,
        /** The next render submit answers HTTP 402 (plan does not allow export). */
        EXPORT_NOT_IN_PLAN,
        /** The next render submit is refused as a duplicate id. */
        RENDER_ID_REJECTED,
        /** The next render ends "failed". */
        RENDER_FAILS,
        /** The next stream closes abruptly after its first events; the work goes on server-side. */
        DROP_STREAM,
        /** The next stream carries no text at all (tool events and heartbeats only). */
        SILENT_STREAM,
        /** The next stream sends only heartbeats until the client gives up; nothing changes. */
        HEARTBEATS_ONLY,
        /** The next stream applies its work, then sends heartbeats until {@link NemoSimulator#releaseStreams()}. */
        HOLD_STREAM,
        /** The next render stays "processing" until {@link NemoSimulator#releaseRenders()}. */
        HOLD_RENDER,
        /** The next stream ends with the trailing "I encountered a temporary issue" line. */
        TRAILING_ISSUE,
        /** The next render's CDN URL answers 404 (the client must use the fallback download). */
        CDN_MISSING
    }

    /** What an export really is; the vendor promises only "H.264, up to 1080x1920". */
    public enum Output {
        /** H.264 High, yuv420p, MP4 with the index up front, the draft's size and rate, no sound. */
        AS_ASKED,
        /** Constrained Baseline profile. */
        BASELINE,
        /** Half the draft's width and height. */
        SMALLER,
        /** 30 fps whatever the draft says. */
        OTHER_FPS,
        /** With an AAC sound track. */
        WITH_AUDIO,
        /** A QuickTime file (brand "qt  ", index at the end, with sound) served as .mp4. */
        MOV_IN_MP4,
        /** Not a video: an MP4 file type box, then random bytes. */
        CORRUPT
    }

    public enum Envelope {
        CODE,
        SUCCESS,
        BARE
    }

    public enum StreamForm {
        TYPED,
        AGENT
    }

    public enum RenderShape {
        DATA,
        TOP_LEVEL
    }

    private final Map<Fault, AtomicInteger> pending = new ConcurrentHashMap<>();
    private volatile Envelope envelope;
    private volatile StreamForm streamForm;
    private volatile RenderShape renderShape;
    private volatile Duration eventGap;
    private volatile int rendersPollsToComplete;
    private volatile int stateChangeAtRead;
    private volatile long maxUploadBytes;
    private volatile Duration tokenLifetime;
    private volatile int startingCredits;
    private volatile int width;
    private volatile int height;
    private volatile int fps;
    private volatile int durationMs;
    private volatile int streamEvents;
    private volatile Output output;

    public SimScript() {
        reset();
    }

    /** Back to the defaults: {code,data} envelope, typed events, data.status renders, 20 ms between events. */
    public synchronized SimScript reset() {
        pending.clear();
        envelope = Envelope.CODE;
        streamForm = StreamForm.TYPED;
        renderShape = RenderShape.DATA;
        eventGap = Duration.ofMillis(20);
        rendersPollsToComplete = 2;
        stateChangeAtRead = 0;
        maxUploadBytes = 200L * 1024 * 1024;
        tokenLifetime = Duration.ofHours(1);
        startingCredits = 100_000;
        width = 320;
        height = 180;
        fps = 24;
        durationMs = 1000;
        streamEvents = 0;
        output = Output.AS_ASKED;
        return this;
    }

    public SimScript fail(Fault fault) {
        return fail(fault, 1);
    }

    public SimScript fail(Fault fault, int times) {
        pending.computeIfAbsent(fault, f -> new AtomicInteger()).addAndGet(times);
        return this;
    }

    /** True (once per scripted time) when {@code fault} is due. */
    boolean take(Fault fault) {
        AtomicInteger n = pending.get(fault);
        return n != null && n.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0;
    }

    public SimScript envelope(Envelope e) {
        envelope = e;
        return this;
    }

    public SimScript streamForm(StreamForm f) {
        streamForm = f;
        return this;
    }

    public SimScript renderShape(RenderShape s) {
        renderShape = s;
        return this;
    }

    /** Time between stream events (the bench uses seconds, tests milliseconds). */
    public SimScript eventGap(Duration gap) {
        eventGap = gap;
        return this;
    }

    /** Extra heartbeats in the middle of every normal stream (the bench holds streams open with them). */
    public SimScript extraHeartbeats(int n) {
        streamEvents = n;
        return this;
    }

    public SimScript rendersPollsToComplete(int polls) {
        rendersPollsToComplete = polls;
        return this;
    }

    /**
     * After a dropped stream, the session's state shows the work only from this state read on
     * (counting reads after the instruction); 0 = as soon as the work is done; -1 = never.
     */
    public SimScript stateChangeAtRead(int read) {
        stateChangeAtRead = read;
        return this;
    }

    public SimScript maxUploadBytes(long bytes) {
        maxUploadBytes = bytes;
        return this;
    }

    public SimScript tokenLifetime(Duration d) {
        tokenLifetime = d;
        return this;
    }

    public SimScript startingCredits(int credits) {
        startingCredits = credits;
        return this;
    }

    /** The video the backend "generates": size, rate and length of every render. */
    public SimScript video(int width, int height, int fps, int durationMs) {
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.durationMs = durationMs;
        return this;
    }

    /** What every render's file is from now on. */
    public SimScript output(Output o) {
        output = o;
        return this;
    }

    Output output() {
        return output;
    }

    Envelope envelope() {
        return envelope;
    }

    StreamForm streamForm() {
        return streamForm;
    }

    RenderShape renderShape() {
        return renderShape;
    }

    Duration eventGap() {
        return eventGap;
    }

    int extraHeartbeats() {
        return streamEvents;
    }

    int rendersPollsToComplete() {
        return rendersPollsToComplete;
    }

    int stateChangeAtRead() {
        return stateChangeAtRead;
    }

    long maxUploadBytes() {
        return maxUploadBytes;
    }

    Duration tokenLifetime() {
        return tokenLifetime;
    }

    int startingCredits() {
        return startingCredits;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    int fps() {
        return fps;
    }

    int durationMs() {
        return durationMs;
    }
}
