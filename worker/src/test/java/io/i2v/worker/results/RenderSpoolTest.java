package io.i2v.worker.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.config.JsonSetup;
import io.i2v.core.job.Interpretation;
import io.i2v.worker.backend.BackendResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A render kept on the worker's disk survives the worker being killed: the next delivery of the
 * job on the same disk takes it over whole instead of rendering again, and what killed
 * deliveries left half done is cleared away. No Quarkus, real files.
 */
class RenderSpoolTest {
    private static final ObjectMapper JSON = JsonSetup.newMapper();

    @Test
    void theNextDeliveryTakesOverAKeptRenderWithItsClipsAndDraft() throws Exception {
        Path root = Files.createTempDirectory("spool");
        Path first = new RenderSpool(JSON).open(root, "job_a", "job_a 2026-12-06T00:00:00Z", 1);
        JsonNode draft = JSON.readTree("{\"t\":[{\"tt\":0,\"sg\":[{\"d\":6000}]}]}");
        BackendResult clip = result(first, "2", null, List.of());
        BackendResult render = result(first, "1", draft, List.of(clip));
        new RenderSpool(JSON).keep(first, render);

        // the worker is killed here; a new process gets the job's next delivery
        RenderSpool restarted = new RenderSpool(JSON);
        Path second = restarted.open(root, "job_a", "job_a 2026-12-06T00:00:00Z", 2);
        BackendResult back = restarted
                .recover(root, "job_a", "job_a 2026-12-06T00:00:00Z", second)
                .orElseThrow();

        assertEquals("video 1", Files.readString(back.video()));
        assertEquals("poster 1", Files.readString(back.poster()));
        assertTrue(back.video().startsWith(second), "moved into the new delivery's folder");
        assertEquals(render.interpretation(), back.interpretation());
        assertEquals(render.messages(), back.messages());
        assertEquals(
                List.of(1920, 1080, 300L), List.of(back.expectedWidth(), back.expectedHeight(), back.expectedFrames()));
        assertEquals(draft, back.draft());
        assertEquals(1, back.clips().size());
        assertEquals("video 2", Files.readString(back.clips().get(0).video()));
        assertFalse(Files.exists(first), "the killed delivery's folder is gone");
    }

    @Test
    void aRenderKilledBeforeItWasKeptIsNotTakenOverAndItsLeftoversGo() throws Exception {
        Path root = Files.createTempDirectory("spool");
        Path killed = new RenderSpool(JSON).open(root, "job_b", "job_b 2026-12-06T00:00:00Z", 1);
        result(killed, "1", null, List.of()); // files written, but the description never landed

        RenderSpool restarted = new RenderSpool(JSON);
        Path next = restarted.open(root, "job_b", "job_b 2026-12-06T00:00:00Z", 2);

        assertTrue(
                restarted
                        .recover(root, "job_b", "job_b 2026-12-06T00:00:00Z", next)
                        .isEmpty(),
                "a render without its description is redone");
        assertFalse(Files.exists(killed));
        assertTrue(Files.exists(next));
    }

    @Test
    void aDeliveryStillRunningInThisProcessIsLeftAlone() throws Exception {
        Path root = Files.createTempDirectory("spool");
        RenderSpool spool = new RenderSpool(JSON);
        Path running = spool.open(root, "job_c", "job_c 2026-12-06T00:00:00Z", 1);
        spool.keep(running, result(running, "1", null, List.of()));
        Path duplicate = spool.open(root, "job_c", "job_c 2026-12-06T00:00:00Z", 2);

        assertTrue(spool.recover(root, "job_c", "job_c 2026-12-06T00:00:00Z", duplicate)
                .isEmpty());
        assertTrue(Files.exists(running.resolve("video-1.mp4")), "a live delivery's render is not taken from it");
        spool.close(running);
        assertFalse(Files.exists(running));
    }

    @Test
    void anotherJobsFoldersAreNotTouched() throws Exception {
        Path root = Files.createTempDirectory("spool");
        RenderSpool before = new RenderSpool(JSON);
        Path other = before.open(root, "job_d", "job_d 2026-12-06T00:00:00Z", 1);
        before.keep(other, result(other, "1", null, List.of()));

        RenderSpool restarted = new RenderSpool(JSON);
        Path work = restarted.open(root, "job_e", "job_e 2026-12-06T00:00:00Z", 1);
        assertTrue(restarted
                .recover(root, "job_e", "job_e 2026-12-06T00:00:00Z", work)
                .isEmpty());
        assertTrue(Files.exists(other.resolve("video-1.mp4")));
    }

    @Test
    void aJobWithTheSameIdFromAnotherBucketIsNeitherTakenOverNorRemoved() throws Exception {
        Path root = Files.createTempDirectory("spool");
        RenderSpool otherProcess = new RenderSpool(JSON);
        Path theirs = otherProcess.open(root, "job_f", "job_f 2026-12-01T10:00:00Z", 1);
        otherProcess.keep(theirs, result(theirs, "1", null, List.of()));
        Path theirsRunning = otherProcess.open(root, "job_f", "job_f 2026-12-01T10:00:00Z", 2);

        RenderSpool ours = new RenderSpool(JSON);
        Path work = ours.open(root, "job_f", "job_f 2026-12-06T09:30:00Z", 3);

        assertTrue(
                ours.recover(root, "job_f", "job_f 2026-12-06T09:30:00Z", work).isEmpty(),
                "another job's render is not ours to store");
        assertTrue(Files.exists(theirs.resolve("video-1.mp4")));
        assertTrue(Files.exists(theirsRunning), "another process's live delivery keeps its folder");
    }

    @Test
    void twoProcessesWithTheSameJobIdAndDeliveryNeverShareAFolder() throws Exception {
        Path root = Files.createTempDirectory("spool");
        Path one = new RenderSpool(JSON).open(root, "job_g", "job_g 2026-12-06T00:28:00Z", 1);
        Path other = new RenderSpool(JSON).open(root, "job_g", "job_g 2026-12-06T00:31:00Z", 1);
        assertFalse(one.equals(other));
        assertEquals("job_g 2026-12-06T00:28:00Z", Files.readString(one.resolve("job")));
    }

    private static BackendResult result(Path dir, String n, JsonNode draft, List<BackendResult> clips)
            throws Exception {
        return new BackendResult(
                Files.writeString(dir.resolve("video-" + n + ".mp4"), "video " + n),
                Files.writeString(dir.resolve("poster-" + n + ".jpg"), "poster " + n),
                new Interpretation("clip " + n, List.of("push in"), List.of()),
                "Timeline " + n,
                List.of("said " + n),
                1920,
                1080,
                30,
                300,
                "mp4",
                clips,
                draft);
    }
}
