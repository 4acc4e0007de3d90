package io.i2v.worker.nemo;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a cloud job has done so far, kept in its status so another delivery resumes there. The
 * stored form is the status's string map, and this is its one mapping ({@link #fromMap},
 * {@link #toMap}, {@link #changesFrom}). Its keys and values must stay readable: a job in flight
 * across a deploy resumes from them, chaos tooling reads {@code nemo.session} and the cloud bench
 * {@code nemo.instruction}. Part 0 is the whole job; parts 1..n are the images of a
 * one-clip-per-image job, whose keys carry the number ({@code nemo.instruction.2}).
 *
 * @param session the NemoVideo session id, or null
 * @param upload  how the images got into the session ({@code done}, {@code parent <id>}), or null
 * @param parts   each instruction's own checkpoints, by part number
 */
record NemoCheckpoints(String session, String upload, Map<Integer, Part> parts) {
    static final String SESSION = "nemo.session";
    static final String UPLOAD = "nemo.upload";
    static final String BASELINE = "nemo.baseline";
    static final String CREDITS = "nemo.creditsBefore";
    static final String INSTRUCTION = "nemo.instruction";
    static final String RECOVERY = "nemo.recovery";
    static final String RENDER = "nemo.render";
    private static final List<String> PART_KEYS = List.of(BASELINE, CREDITS, INSTRUCTION, RECOVERY, RENDER);

    static final NemoCheckpoints NONE = new NemoCheckpoints(null, null, Map.of());

    /** Where an instruction stands. Once it may have reached the backend it is never sent again. */
    enum Instruction {
        /** Not sent, or refused before the stream began: it may be sent. */
        NOT_SENT("not-sent"),
        /** Written as the last thing before the request goes out: it may have been taken. */
        SENDING("sending"),
        /** The backend answered (the stream ended, or the state changed). */
        ANSWERED("answered");

        final String stored;

        Instruction(String stored) {
            this.stored = stored;
        }

        /** Any value but these two means it may have been sent: never resend on doubt. */
        static Instruction of(String stored) {
            return stored == null || stored.equals(NOT_SENT.stored)
                    ? NOT_SENT
                    : stored.equals(ANSWERED.stored) ? ANSWERED : SENDING;
        }
    }

    /**
     * One instruction's checkpoints.
     *
     * @param baseline      the state's fingerprint before the instruction (to tell what changed), or null
     * @param creditsBefore the balance before it (to tell what it cost), or null
     * @param recoveryReads state reads made so far to recover a lost stream, or null
     * @param render        the render id asked for, written before the submit, or null
     */
    record Part(Instruction instruction, String baseline, Integer creditsBefore, Integer recoveryReads, String render) {
        static final Part NONE = new Part(Instruction.NOT_SENT, null, null, null, null);

        Part with(Instruction state) {
            return new Part(state, baseline, creditsBefore, recoveryReads, render);
        }

        Part withBaseline(String fingerprint, Integer credits) {
            return new Part(instruction, fingerprint, credits, recoveryReads, render);
        }

        Part withRecoveryReads(int reads) {
            return new Part(instruction, baseline, creditsBefore, reads, render);
        }

        Part withRender(String id) {
            return new Part(instruction, baseline, creditsBefore, recoveryReads, id);
        }
    }

    NemoCheckpoints {
        parts = Map.copyOf(parts);
    }

    Part part(int n) {
        return parts.getOrDefault(n, Part.NONE);
    }

    boolean uploaded() {
        return upload != null;
    }

    NemoCheckpoints withSession(String id) {
        return new NemoCheckpoints(id, upload, parts);
    }

    NemoCheckpoints withUpload(String how) {
        return new NemoCheckpoints(session, how, parts);
    }

    NemoCheckpoints withPart(int n, Part part) {
        Map<Integer, Part> all = new HashMap<>(parts);
        all.put(n, part);
        return new NemoCheckpoints(session, upload, all);
    }

    /** Every render id asked for, of every part (to cancel them). */
    List<String> renders() {
        return new TreeMap<>(parts)
                .values().stream().map(Part::render).filter(r -> r != null).toList();
    }

    static String key(String step, int part) {
        return part == 0 ? step : step + "." + part;
    }

    /** Reads the status's map; keys that are not the cloud backend's are ignored. */
    static NemoCheckpoints fromMap(Map<String, String> stored) {
        Map<Integer, Map<String, String>> byPart = new HashMap<>();
        stored.forEach((key, value) -> {
            for (String step : PART_KEYS) {
                Integer n = key.equals(step)
                        ? Integer.valueOf(0)
                        : key.startsWith(step + ".") ? number(key.substring(step.length() + 1)) : null;
                if (n != null) {
                    byPart.computeIfAbsent(n, k -> new HashMap<>()).put(step, value);
                }
            }
        });
        Map<Integer, Part> parts = new HashMap<>();
        byPart.forEach((n, m) -> parts.put(
                n,
                new Part(
                        Instruction.of(m.get(INSTRUCTION)),
                        m.get(BASELINE),
                        number(m.get(CREDITS)),
                        m.get(RECOVERY) == null ? null : number(m.get(RECOVERY).replace("read ", "")),
                        m.get(RENDER))));
        return new NemoCheckpoints(stored.get(SESSION), stored.get(UPLOAD), parts);
    }

    /** The stored form (what was recorded; an instruction never tried is no key at all). */
    Map<String, String> toMap() {
        return toMap(false);
    }

    /** One checkpoint's stored value (a not-sent instruction too), or null. */
    String stored(String key) {
        return toMap(true).get(key);
    }

    private Map<String, String> toMap(boolean notSent) {
        Map<String, String> out = new LinkedHashMap<>();
        put(out, SESSION, session);
        put(out, UPLOAD, upload);
        new TreeMap<>(parts).forEach((n, p) -> {
            put(out, key(BASELINE, n), p.baseline());
            put(
                    out,
                    key(CREDITS, n),
                    p.creditsBefore() == null ? null : p.creditsBefore().toString());
            put(
                    out,
                    key(INSTRUCTION, n),
                    p.instruction() == Instruction.NOT_SENT && !notSent ? null : p.instruction().stored);
            put(out, key(RECOVERY, n), p.recoveryReads() == null ? null : "read " + p.recoveryReads());
            put(out, key(RENDER, n), p.render());
        });
        return out;
    }

    /**
     * What to write to get from {@code before} to this. A status keeps its keys, so an
     * instruction back to not-sent is written as such (it overwrites {@code sending}); a
     * dropped upload is not written: the new session's upload overwrites it.
     */
    Map<String, String> changesFrom(NemoCheckpoints before) {
        Map<String, String> was = before.toMap();
        Map<String, String> out = new LinkedHashMap<>();
        toMap().forEach((k, v) -> {
            if (!v.equals(was.get(k))) {
                out.put(k, v);
            }
        });
        parts.forEach((n, p) -> {
            if (p.instruction() == Instruction.NOT_SENT && before.part(n).instruction() != Instruction.NOT_SENT) {
                out.put(key(INSTRUCTION, n), Instruction.NOT_SENT.stored);
            }
        });
        return out;
    }

    private static void put(Map<String, String> out, String key, String value) {
        if (value != null) {
            out.put(key, value);
        }
    }

    private static Integer number(String s) {
        try {
            return s == null ? null : Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
