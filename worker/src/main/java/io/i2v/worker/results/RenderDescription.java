package io.i2v.worker.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.i2v.core.job.Interpretation;
import io.i2v.worker.backend.BackendResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What a finished render is, written next to its files wherever it is kept ({@link RenderSpool}
 * on the worker's disk, {@link RenderStage} in S3): each clip's video and poster by name (a file
 * name or an object key) and what the backend said about it. Version 1.
 */
record RenderDescription(int version, List<Clip> clips, JsonNode draft) {
    static final int VERSION = 1;

    /** One video (the first is the job's; more for one clip per image), as {@link BackendResult} has it. */
    record Clip(
            String video,
            String poster,
            Interpretation interpretation,
            String timeline,
            List<String> messages,
            int expectedWidth,
            int expectedHeight,
            double expectedFps,
            long expectedFrames,
            String format) {}

    /** The render's videos in order: the job's first, then its clips. */
    static List<BackendResult> videos(BackendResult render) {
        List<BackendResult> all = new ArrayList<>(List.of(render));
        all.addAll(render.clips());
        return all;
    }

    /** Describes {@code render}, its i-th video (from 0) and poster named by {@code video} and {@code poster}. */
    static RenderDescription of(
            BackendResult render, Function<Integer, String> video, Function<Integer, String> poster) {
        List<BackendResult> all = videos(render);
        List<Clip> clips = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            BackendResult r = all.get(i);
            clips.add(new Clip(
                    video.apply(i),
                    poster.apply(i),
                    r.interpretation(),
                    r.timeline(),
                    r.messages(),
                    r.expectedWidth(),
                    r.expectedHeight(),
                    r.expectedFps(),
                    r.expectedFrames(),
                    r.format()));
        }
        return new RenderDescription(VERSION, clips, render.draft());
    }

    /** Readable by this worker: today's version, with at least the job's own video. */
    boolean usable() {
        return version == VERSION && clips != null && !clips.isEmpty();
    }

    /** The render again, with each clip's files where {@code video} and {@code poster} say they now are. */
    BackendResult result(Function<Clip, Path> video, Function<Clip, Path> poster) {
        List<BackendResult> all = new ArrayList<>();
        for (Clip c : clips) {
            all.add(new BackendResult(
                    video.apply(c),
                    poster.apply(c),
                    c.interpretation(),
                    c.timeline(),
                    c.messages(),
                    c.expectedWidth(),
                    c.expectedHeight(),
                    c.expectedFps(),
                    c.expectedFrames(),
                    c.format()));
        }
        BackendResult first = all.get(0);
        return new BackendResult(
                first.video(),
                first.poster(),
                first.interpretation(),
                first.timeline(),
                first.messages(),
                first.expectedWidth(),
                first.expectedHeight(),
                first.expectedFps(),
                first.expectedFrames(),
                first.format(),
                all.subList(1, all.size()),
                draft);
    }
}
