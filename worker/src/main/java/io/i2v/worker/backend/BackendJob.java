package io.i2v.worker.backend;

import io.i2v.core.job.JobOptions;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A job as a backend sees it: decoded images, the instruction, options, a private work folder,
 * the job it edits (if any) and the checkpoints earlier deliveries of this job recorded.
 */
public record BackendJob(String jobId, String prompt, JobOptions options, List<InputImage> images, Path workDir,
                         String parentJobId, Map<String, String> checkpoints) {

    public BackendJob {
        checkpoints = checkpoints == null ? Map.of() : Map.copyOf(checkpoints);
    }

    /** A fresh job: no parent, no checkpoints. */
    public BackendJob(String jobId, String prompt, JobOptions options, List<InputImage> images, Path workDir) {
        this(jobId, prompt, options, images, workDir, null, Map.of());
    }

    public record InputImage(String name, BufferedImage image, Path file) {
    }
}
