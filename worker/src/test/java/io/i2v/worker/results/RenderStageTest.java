package io.i2v.worker.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.config.JsonSetup;
import io.i2v.core.job.Interpretation;
import io.i2v.core.storage.ObjectStore;
import io.i2v.worker.EmbeddedBucket;
import io.i2v.worker.backend.BackendResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A render staged in S3 comes back whole to the delivery after a crash, on the embedded S3
 * without Quarkus: every clip's video and poster byte for byte, what the backend said, and the
 * timeline draft the pipeline stores for a later edit.
 */
class RenderStageTest {
    private static final String BUCKET = "stage-test";
    private static final ObjectMapper JSON = JsonSetup.newMapper();
    private static EmbeddedBucket bucket;
    private static ObjectStore store;

    @BeforeAll
    static void start() throws Exception {
        bucket = EmbeddedBucket.start(BUCKET);
        store = bucket.store();
    }

    @AfterAll
    static void stop() {
        bucket.close();
    }

    @Test
    void aStagedRenderComesBackWithItsClipsMessagesAndTimelineDraft() throws Exception {
        Path made = Files.createTempDirectory("made");
        BackendResult second = result(made, "2");
        JsonNode draft = JSON.readTree("{\"t\":[{\"tt\":0,\"sg\":[{\"d\":10000}]}],\"layers\":[\"subject\"]}");
        BackendResult render = new BackendResult(
                file(made, "video-1.mp4", "first video"),
                file(made, "poster-1.jpg", "first poster"),
                new Interpretation("a push-in", List.of("push in"), List.of()),
                "Timeline (1 track)",
                List.of("parallax: subject lifted"),
                1920,
                1080,
                30,
                300,
                "mp4",
                List.of(second),
                draft);
        RenderStage stage = new RenderStage(store, JSON);

        stage.put("job_a", render);
        Path work = Files.createTempDirectory("work");
        BackendResult back = stage.take("job_a", work).orElseThrow();

        assertArrayEquals(Files.readAllBytes(render.video()), Files.readAllBytes(back.video()));
        assertArrayEquals(Files.readAllBytes(render.poster()), Files.readAllBytes(back.poster()));
        assertTrue(back.video().startsWith(work), "downloaded into the delivery's own folder");
        assertEquals(render.interpretation(), back.interpretation());
        assertEquals(render.timeline(), back.timeline());
        assertEquals(render.messages(), back.messages());
        assertEquals(List.of(1920, 1080), List.of(back.expectedWidth(), back.expectedHeight()));
        assertEquals(300, back.expectedFrames());
        assertEquals(draft, back.draft(), "the draft survives the crash, so an edit of the result can start from it");
        assertEquals(1, back.clips().size());
        assertArrayEquals(
                Files.readAllBytes(second.video()),
                Files.readAllBytes(back.clips().get(0).video()));

        stage.discard("job_a");
        assertTrue(stage.take("job_a", work).isEmpty(), "nothing staged once discarded");
    }

    @Test
    void aCloudRenderIsStagedWithoutADraft() throws Exception {
        new RenderStage(store, JSON).put("job_b", result(Files.createTempDirectory("made"), "1"));
        BackendResult back = new RenderStage(store, JSON)
                .take("job_b", Files.createTempDirectory("work"))
                .orElseThrow();
        assertNull(back.draft());
        assertEquals(List.of(), back.clips());
    }

    @Test
    void aJobWithNothingStagedGetsNothing() throws Exception {
        assertTrue(new RenderStage(store, JSON)
                .take("job_none", Files.createTempDirectory("work"))
                .isEmpty());
    }

    private static BackendResult result(Path dir, String n) throws Exception {
        return new BackendResult(
                file(dir, "video-" + n + ".mp4", "video " + n),
                file(dir, "poster-" + n + ".jpg", "poster " + n),
                new Interpretation("clip " + n, List.of(), List.of()),
                "clip " + n,
                List.of(),
                640,
                360,
                24,
                48,
                "mp4",
                List.of(),
                null);
    }

    private static Path file(Path dir, String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }
}
