package io.i2v.worker.backend;

import io.i2v.core.job.JobOptions;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A job as a backend sees it: decoded images, the music file if one came with the job (else
 * null), the instruction, options, a private work folder, the job it edits (if any) and the
 * checkpoints earlier deliveries of this job recorded.
 */
public record BackendJob(String jobId, String prompt, JobOptions options, List<InputImage> images, Path workDir,
                         InputAudio audio, String parentJobId, Map<String, String> checkpoints) {

    public BackendJob {
        checkpoints = checkpoints == null ? Map.of() : Map.copyOf(checkpoints);
    }

    /** A fresh job: no music, no parent, no checkpoints. */
    public BackendJob(String jobId, String prompt, JobOptions options, List<InputImage> images, Path workDir) {
        this(jobId, prompt, options, images, workDir, null, null, Map.of());
    }

    public record InputImage(String name, BufferedImage image, Path file) {
    }

    /** An audio file supplied with the job (MP3, WAV, M4A or AAC), not decoded yet. */
    public record InputAudio(String name, Path file) {
    }
}
