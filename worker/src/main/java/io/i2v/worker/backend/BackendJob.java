package io.i2v.worker.backend;

import io.i2v.core.job.JobOptions;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * A job as a backend sees it: decoded images, the music file if one came with the job (else
 * null), the instruction, options, and a private work folder.
 */
public record BackendJob(String jobId, String prompt, JobOptions options, List<InputImage> images, Path workDir,
                         InputAudio audio) {

    public BackendJob(String jobId, String prompt, JobOptions options, List<InputImage> images, Path workDir) {
        this(jobId, prompt, options, images, workDir, null);
    }

    public record InputImage(String name, BufferedImage image, Path file) {
    }

    /** An audio file supplied with the job (MP3, WAV, M4A or AAC), not decoded yet. */
    public record InputAudio(String name, Path file) {
    }
}
