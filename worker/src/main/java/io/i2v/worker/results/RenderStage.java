package io.i2v.worker.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.storage.ObjectStore;
import io.i2v.core.storage.S3Keys;
import io.i2v.worker.backend.BackendResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
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
    private static final String DESCRIPTION = "render.json";

    private final ObjectStore store;
    private final ObjectMapper json;

    public RenderStage(ObjectStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    public void put(String jobId, BackendResult render) throws IOException {
        RenderDescription description = RenderDescription.of(
                render,
                i -> S3Keys.staged(
                        jobId,
                        "video-" + (i + 1) + "."
                                + RenderDescription.videos(render).get(i).format()),
                i -> S3Keys.staged(jobId, "poster-" + (i + 1) + ".jpg"));
        List<BackendResult> all = RenderDescription.videos(render);
        for (int i = 0; i < all.size(); i++) {
            store.put(description.clips().get(i).video(), all.get(i).video(), "application/octet-stream", Map.of());
            store.put(description.clips().get(i).poster(), all.get(i).poster(), "image/jpeg", Map.of());
        }
        store.put(S3Keys.staged(jobId, DESCRIPTION), json.writeValueAsBytes(description), "application/json");
    }

    /** The staged render with its files downloaded into {@code work}, or empty when none (or another version). */
    public Optional<BackendResult> take(String jobId, Path work) throws IOException {
        Optional<byte[]> stored = store.get(S3Keys.staged(jobId, DESCRIPTION));
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        RenderDescription description = json.readValue(stored.get(), RenderDescription.class);
        if (!description.usable()) {
            return Optional.empty();
        }
        Map<String, Path> local = new HashMap<>();
        int n = 0;
        for (RenderDescription.Clip c : description.clips()) {
            n++;
            Path video = work.resolve("staged-video-" + n + "." + c.format());
            Path poster = work.resolve("staged-poster-" + n + ".jpg");
            store.download(c.video(), video);
            store.download(c.poster(), poster);
            local.put(c.video(), video);
            local.put(c.poster(), poster);
        }
        return Optional.of(description.result(c -> local.get(c.video()), c -> local.get(c.poster())));
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
