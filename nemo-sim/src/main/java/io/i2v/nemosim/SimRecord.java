package io.i2v.nemosim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the simulator saw: every request with its headers, instructions, state reads, renders, cancels. */
public final class SimRecord {

    /** One HTTP request. Header names are lower-case; the bearer token is kept so tests can follow users. */
    public record Request(Instant at, String method, String path, Map<String, String> headers) {
        public boolean hasAttribution() {
            return headers.containsKey("x-skill-source")
                    && headers.containsKey("x-skill-version")
                    && headers.containsKey("x-skill-platform");
        }
    }

    /** An instruction the backend accepted (a refused call — 1001, 1002, 429, 2001 — is not one). */
    public record Instruction(Instant at, String sessionId, String text) {}

    public record StateRead(Instant at, String sessionId) {}

    public record Render(Instant at, String id, String sessionId) {}

    public record Upload(Instant at, String sessionId, String filename, String type, long size) {}

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Instruction> instructions = new CopyOnWriteArrayList<>();
    private final List<StateRead> stateReads = new CopyOnWriteArrayList<>();
    private final List<Render> renders = new CopyOnWriteArrayList<>();
    private final List<String> cancels = new CopyOnWriteArrayList<>();
    private final List<Upload> uploads = new CopyOnWriteArrayList<>();
    private final boolean keepRequests;

    SimRecord(boolean keepRequests) {
        this.keepRequests = keepRequests;
    }

    void request(Request r) {
        if (keepRequests) {
            requests.add(r);
        }
    }

    void instruction(Instruction i) {
        instructions.add(i);
    }

    void stateRead(StateRead r) {
        stateReads.add(r);
    }

    void render(Render r) {
        renders.add(r);
    }

    void cancel(String renderId) {
        cancels.add(renderId);
    }

    void upload(Upload u) {
        uploads.add(u);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Instruction> instructions() {
        return List.copyOf(instructions);
    }

    /** Accepted instructions whose text contains {@code marker} (tests make each job's prompt unique). */
    public List<Instruction> instructionsContaining(String marker) {
        List<Instruction> out = new ArrayList<>();
        for (Instruction i : instructions) {
            if (i.text().contains(marker)) {
                out.add(i);
            }
        }
        return out;
    }

    public List<StateRead> stateReads(String sessionId) {
        List<StateRead> out = new ArrayList<>();
        for (StateRead r : stateReads) {
            if (r.sessionId().equals(sessionId)) {
                out.add(r);
            }
        }
        return out;
    }

    public List<Render> renders(String sessionId) {
        List<Render> out = new ArrayList<>();
        for (Render r : renders) {
            if (r.sessionId().equals(sessionId)) {
                out.add(r);
            }
        }
        return out;
    }

    public List<Upload> uploads(String sessionId) {
        List<Upload> out = new ArrayList<>();
        for (Upload u : uploads) {
            if (u.sessionId().equals(sessionId)) {
                out.add(u);
            }
        }
        return out;
    }

    public List<String> cancels() {
        return List.copyOf(cancels);
    }

    public int instructionCount() {
        return instructions.size();
    }

    public int renderCount() {
        return renders.size();
    }
}
