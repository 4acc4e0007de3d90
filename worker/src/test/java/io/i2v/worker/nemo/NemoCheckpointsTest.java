package io.i2v.worker.nemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.worker.nemo.NemoCheckpoints.Instruction;
import io.i2v.worker.nemo.NemoCheckpoints.Part;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checkpoints' one mapping to and from a job status, without a server. */
class NemoCheckpointsTest {

    /** What a job in flight stored before the typed checkpoints existed: it must resume from it. */
    private static final Map<String, String> STORED = Map.ofEntries(
            Map.entry("nemo.session", "sess_1"),
            Map.entry("nemo.upload", "done"),
            Map.entry("nemo.baseline", "a1b2c3"),
            Map.entry("nemo.creditsBefore", "100"),
            Map.entry("nemo.instruction", "sending"),
            Map.entry("nemo.recovery", "read 2"),
            Map.entry("nemo.instruction.2", "answered"),
            Map.entry("nemo.render.2", "render_abc"),
            Map.entry("fallback", "stalled"),
            Map.entry("render-staged", "x"));

    @Test
    void storedKeysOfAJobInFlightAreReadIntoTheTypedCheckpoints() {
        NemoCheckpoints c = NemoCheckpoints.fromMap(STORED);
        assertEquals("sess_1", c.session());
        assertTrue(c.uploaded());
        assertEquals(new Part(Instruction.SENDING, "a1b2c3", 100, 2, null), c.part(0));
        assertEquals(new Part(Instruction.ANSWERED, null, null, null, "render_abc"), c.part(2));
        assertEquals(Part.NONE, c.part(3));
        assertEquals(List.of("render_abc"), c.renders());
    }

    @Test
    void writingTheTypedCheckpointsGivesBackTheSameKeysAndValues() {
        Map<String, String> nemoKeys = new LinkedHashMap<>(STORED);
        nemoKeys.remove("fallback");
        nemoKeys.remove("render-staged");
        assertEquals(nemoKeys, NemoCheckpoints.fromMap(STORED).toMap(), "other components' keys are not ours");
        assertEquals(
                NemoCheckpoints.fromMap(STORED),
                NemoCheckpoints.fromMap(NemoCheckpoints.fromMap(STORED).toMap()));
    }

    @Test
    void anInstructionIsSentOnlyWhenNothingOrNotSentWasStoredAndAnUnknownValueCountsAsSent() {
        assertEquals(
                Instruction.NOT_SENT, NemoCheckpoints.fromMap(Map.of()).part(0).instruction());
        assertEquals(
                Instruction.NOT_SENT,
                NemoCheckpoints.fromMap(Map.of("nemo.instruction", "not-sent"))
                        .part(0)
                        .instruction());
        assertEquals(
                Instruction.SENDING,
                NemoCheckpoints.fromMap(Map.of("nemo.instruction", "sent-by-v0"))
                        .part(0)
                        .instruction(),
                "on doubt never resend");
    }

    @Test
    void aChangeWritesOnlyWhatChangedUnderTheStoredKeys() {
        NemoCheckpoints before = NemoCheckpoints.fromMap(Map.of("nemo.session", "s", "nemo.upload", "done"));
        NemoCheckpoints sending =
                before.withPart(2, before.part(2).withBaseline("fp", 90).with(Instruction.SENDING));
        assertEquals(
                Map.of("nemo.baseline.2", "fp", "nemo.creditsBefore.2", "90", "nemo.instruction.2", "sending"),
                sending.changesFrom(before));
        NemoCheckpoints rendered =
                sending.withPart(2, sending.part(2).with(Instruction.ANSWERED).withRender("r1"));
        assertEquals(Map.of("nemo.instruction.2", "answered", "nemo.render.2", "r1"), rendered.changesFrom(sending));
        assertEquals(Map.of(), rendered.changesFrom(rendered));
    }

    @Test
    void aRefusedInstructionOverwritesSendingWithNotSent() {
        NemoCheckpoints sending = NemoCheckpoints.fromMap(Map.of("nemo.instruction", "sending"));
        NemoCheckpoints refused = sending.withPart(0, sending.part(0).with(Instruction.NOT_SENT));
        assertEquals(Map.of("nemo.instruction", "not-sent"), refused.changesFrom(sending));
        assertEquals("not-sent", refused.stored("nemo.instruction"));
        assertNull(refused.toMap().get("nemo.instruction"), "a not-sent instruction reads as none");
    }

    @Test
    void aNewSessionDropsTheUploadInMemoryWithoutWritingIt() {
        NemoCheckpoints uploaded = NemoCheckpoints.fromMap(Map.of("nemo.session", "old", "nemo.upload", "done"));
        NemoCheckpoints renewed = uploaded.withSession("new").withUpload(null);
        assertEquals(Map.of("nemo.session", "new"), renewed.changesFrom(uploaded));
        assertTrue(!renewed.uploaded());
    }

    @Test
    void recoveryReadsAndCreditsAreStoredInTheirOldFormAndBadNumbersAreIgnored() {
        NemoCheckpoints c = NemoCheckpoints.NONE.withPart(0, Part.NONE.withRecoveryReads(3));
        assertEquals("read 3", c.toMap().get("nemo.recovery"));
        NemoCheckpoints odd =
                NemoCheckpoints.fromMap(Map.of("nemo.creditsBefore", "lots", "nemo.recovery.x", "read 1"));
        assertNull(odd.part(0).creditsBefore());
        assertEquals(Map.of(), odd.toMap());
    }
}
