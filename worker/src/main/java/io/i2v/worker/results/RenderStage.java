package io.i2v.worker.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.job.Interpretation;
import io.i2v.core.storage.ObjectStore;
import io.i2v.core.storage.S3Keys;
import io.i2v.worker.backend.BackendResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A finished render kept in S3 ({@code jobs/<id>/staged/}) from the moment the encoder closed
 * until the result is stored: a delivery after a crash anywhere in checking and storing takes
 * it from here instead of rendering again. The files go up first, the description last, so a
 * description always names complete files.
 */
@ApplicationScoped
public class RenderStage {
    static final int VERSION = 1;
    private static final String DESCRIPTION = "render.json";

    /** One staged video (the first is the job's; more for one clip per image), as {@link BackendResult} has it. */
    record StagedClip(String video, String poster, Interpretation interpretation, String timeline,
                      List<String> messages, int expectedWidth, int expectedHeight, double expectedFps,
                      long expectedFrames, String format) {
    }

    /** {@code draft}: the timeline draft that goes with the job's result (null from the cloud). */
    record Staged(int version, List<StagedClip> clips, JsonNode draft) {
    }

    private final ObjectStore store;
    private final ObjectMapper json;

    public RenderStage(ObjectStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    public void put(String jobId, BackendResult render) throws IOException {
        List<BackendResult> all = new ArrayList<>(List.of(render));
        all.addAll(render.clips());
        List<StagedClip> clips = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            BackendResult r = all.get(i);
            String video = S3Keys.staged(jobId, "video-" + (i + 1) + "." + r.format());
            String poster = S3Keys.staged(jobId, "poster-" + (i + 1) + ".jpg");
            store.put(video, r.video(), "application/octet-stream", Map.of());
            store.put(poster, r.poster(), "image/jpeg", Map.of());
            clips.add(new StagedClip(video, poster, r.interpretation(), r.timeline(), r.messages(), r.expectedWidth(),
                    r.expectedHeight(), r.expectedFps(), r.expectedFrames(), r.format()));
        }
        store.put(S3Keys.staged(jobId, DESCRIPTION), json.writeValueAsBytes(new Staged(VERSION, clips, render.draft())),
                "application/json");
    }

    /** The staged render with its files downloaded into {@code work}, or empty when none (or another version). */
    public Optional<BackendResult> take(String jobId, Path work) throws IOException {
        Optional<byte[]> description = store.get(S3Keys.staged(jobId, DESCRIPTION));
        if (description.isEmpty()) {
            return Optional.empty();
        }
        Staged staged = json.readValue(description.get(), Staged.class);
        if (staged.version() != VERSION || staged.clips().isEmpty()) {
            return Optional.empty();
        }
        List<BackendResult> all = new ArrayList<>();
        for (int i = 0; i < staged.clips().size(); i++) {
            StagedClip c = staged.clips().get(i);
            Path video = work.resolve("staged-video-" + (i + 1) + "." + c.format());
            Path poster = work.resolve("staged-poster-" + (i + 1) + ".jpg");
            store.download(c.video(), video);
            store.download(c.poster(), poster);
            all.add(new BackendResult(video, poster, c.interpretation(), c.timeline(), c.messages(), c.expectedWidth(),
                    c.expectedHeight(), c.expectedFps(), c.expectedFrames(), c.format()));
        }
        BackendResult first = all.get(0);
        return Optional.of(new BackendResult(first.video(), first.poster(), first.interpretation(), first.timeline(),
                first.messages(), first.expectedWidth(), first.expectedHeight(), first.expectedFps(),
                first.expectedFrames(), first.format(), all.subList(1, all.size()), staged.draft()));
    }

    /** Once the result is stored the stage is not needed; failing to remove it only costs space. */
    public void discard(String jobId) {
        try {
            store.delete(store.list(S3Keys.staged(jobId, "")));
        } catch (RuntimeException e) {
            // left to the bucket's lifecycle rule for jobs/
        }
    }
}
