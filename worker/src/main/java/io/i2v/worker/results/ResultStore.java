package io.i2v.worker.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.i2v.core.config.I2vConfig;
import io.i2v.core.job.JobResult;
import io.i2v.core.storage.ObjectStore;
import io.i2v.core.storage.S3Keys;
import io.i2v.worker.backend.BackendResult;
import io.i2v.worker.media.OutputFormat;
import io.i2v.worker.media.VideoInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Writes a checked render to {@code results/<id>/}: video, poster, then the manifest last. A video
 * or poster already stored under its key with the same sha256 (an earlier delivery of the job
 * uploaded it and died before its checkpoint) is not uploaded again.
 */
@ApplicationScoped
public class ResultStore {
    private final ObjectStore store;
    private final ObjectMapper json;
    private final Clock clock;

    @Inject
    public ResultStore(ObjectStore store, I2vConfig config, ObjectMapper json, Clock clock) {
        this(store.forBucket(config.storage().resultsBucket().orElse(store.bucket())), json, clock);
    }

    /** Results written to {@code results}, the result bucket's store. */
    ResultStore(ObjectStore results, ObjectMapper json, Clock clock) {
        this.store = results;
        this.json = json;
        this.clock = clock;
    }

    /** The stored result, and whether its video was uploaded now (false: an earlier delivery had stored it). */
    public record Stored(JobResult result, boolean uploaded) {}

    public Stored store(
            String jobId, String backend, String prompt, List<String> inputs, BackendResult render, VideoInfo info)
            throws IOException {
        return store(jobId, backend, prompt, inputs, render, info, 1);
    }

    /** {@code clip}: 1 for the job's (first) video, 2… for the further clips of a one-clip-per-image job. */
    public Stored store(
            String jobId,
            String backend,
            String prompt,
            List<String> inputs,
            BackendResult render,
            VideoInfo info,
            int clip)
            throws IOException {
        String videoSha = sha256(render.video());
        long videoSize = Files.size(render.video());
        OutputFormat format = OutputFormat.of(render.format()).orElse(OutputFormat.MP4);
        String videoKey = S3Keys.video(jobId, format.extension());
        if (clip > 1) {
            String prefix = videoKey.substring(0, videoKey.lastIndexOf('/') + 1);
            videoKey = prefix + "clip-" + clip + "." + format.extension();
            boolean uploaded = putOnce(videoKey, render.video(), format.mediaType(), videoSha);
            String posterKey = prefix + "poster-" + clip + ".jpg";
            putOnce(posterKey, render.poster(), "image/jpeg", sha256(render.poster()));
            return stored(jobId, videoKey, posterKey, info, videoSize, videoSha, uploaded);
        }
        boolean uploaded = putOnce(videoKey, render.video(), format.mediaType(), videoSha);
        String posterSha = sha256(render.poster());
        putOnce(S3Keys.poster(jobId), render.poster(), "image/jpeg", posterSha);
        Manifest manifest = new Manifest(
                Manifest.VERSION,
                jobId,
                clock.instant(),
                backend,
                prompt,
                render.interpretation(),
                render.timeline(),
                inputs,
                new Manifest.Video(
                        videoKey,
                        videoSize,
                        videoSha,
                        format.mediaType(),
                        info.codec(),
                        info.profile(),
                        info.pixelFormat(),
                        info.colorSpace(),
                        info.width(),
                        info.height(),
                        info.fps(),
                        info.frames(),
                        info.durationSeconds(),
                        info.faststart()),
                new Manifest.FileEntry(S3Keys.poster(jobId), Files.size(render.poster()), posterSha, "image/jpeg"));
        store.put(S3Keys.manifest(jobId), write(manifest), "application/json");
        return stored(jobId, videoKey, S3Keys.poster(jobId), info, videoSize, videoSha, uploaded);
    }

    private static Stored stored(
            String jobId, String videoKey, String posterKey, VideoInfo info, long size, String sha, boolean uploaded) {
        return new Stored(
                new JobResult(
                        videoKey,
                        posterKey,
                        S3Keys.manifest(jobId),
                        info.width(),
                        info.height(),
                        info.durationSeconds(),
                        info.fps(),
                        size,
                        sha),
                uploaded);
    }

    /** Uploads {@code file} unless the object at {@code key} already has this sha256; whether it uploaded. */
    private boolean putOnce(String key, Path file, String contentType, String sha256) {
        boolean there = store.head(key)
                .map(o -> sha256.equals(o.metadata().get("sha256")))
                .orElse(false);
        if (!there) {
            store.put(key, file, contentType, Map.of("sha256", sha256));
        }
        return !there;
    }

    private byte[] write(Manifest manifest) {
        try {
            return json.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(manifest)
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of()
                    .formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
