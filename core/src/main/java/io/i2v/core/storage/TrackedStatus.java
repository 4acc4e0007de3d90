package io.i2v.core.storage;

import io.i2v.core.job.JobStatus;

/** A status as read, with the ETag of the object it came from: what a conditional write replaces. */
public record TrackedStatus(JobStatus status, String etag) {}
