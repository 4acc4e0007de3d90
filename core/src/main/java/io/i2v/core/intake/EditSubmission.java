package io.i2v.core.intake;

import io.i2v.core.job.JobOptions;

/**
 * The body of {@code POST /v1/jobs/{id}/edits}: a follow-up instruction ("slower", "make it
 * vertical", "add the title …") and optional explicit options for the new render.
 */
public record EditSubmission(String prompt, JobOptions options) {}
