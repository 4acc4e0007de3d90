package io.i2v.worker.backend;

import io.i2v.core.job.JobOptions;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/** A job as a backend sees it: decoded images, the instruction, options, and a private work folder. */
public record BackendJob(String jobId, String prompt, JobOptions options, List<InputImage> images, Path workDir) {

    public record InputImage(String name, BufferedImage image, Path file) {
    }
}
