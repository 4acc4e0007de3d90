package io.i2v.worker.backend;

import com.fasterxml.jackson.databind.JsonNode;
import io.i2v.core.job.JobOptions;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A job as a backend sees it, with everything it needs, so that it reads nothing from storage:
 * decoded images, the music file if one came with the job (else null), the instruction, options,
 * a private work folder, the job it edits (if any, as the pipeline read it), the checkpoints
 * earlier deliveries of this job recorded, and whether the instruction asks for one clip per image.
 */
public record BackendJob(
        String jobId,
        String prompt,
        JobOptions options,
        List<InputImage> images,
        Path workDir,
        InputAudio audio,
        Parent parent,
        Map<String, String> checkpoints,
        boolean clipPerImage) {

    public BackendJob {
        checkpoints = checkpoints == null ? Map.of() : Map.copyOf(checkpoints);
    }

    /** A fresh job: no music, no parent, no checkpoints. */
    public BackendJob(String jobId, String prompt, JobOptions options, List<InputImage> images, Path workDir) {
        this(jobId, prompt, options, images, workDir, null, null, Map.of(), false);
    }

    /** The job this one edits, or null. */
    public String parentJobId() {
        return parent == null ? null : parent.jobId();
    }

    public record InputImage(String name, BufferedImage image, Path file) {}

    /** An audio file supplied with the job (MP3, WAV, M4A or AAC), not decoded yet. */
    public record InputAudio(String name, Path file) {}

    /**
     * The job an edit starts from: its checkpoints (the cloud backend's session) and the local
     * renderer's timeline draft of it (null when it has none: it ran on the cloud).
     */
    public record Parent(String jobId, Map<String, String> checkpoints, JsonNode draft) {
        public Parent {
            checkpoints = checkpoints == null ? Map.of() : Map.copyOf(checkpoints);
        }
    }
}
