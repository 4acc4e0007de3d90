package io.i2v.worker.job;

/**
 * A job stopped from outside while a backend works on it: canceled, taken over by a later
 * delivery, or handed back because the worker is stopping. Backends let these through untouched
 * (a lost stream is recovered, an interruption is not) — by type, not by class name.
 */
public sealed interface JobInterruption
        permits StatusWriter.JobCanceled, StatusWriter.JobTakenOver, WorkerStopping.JobReleased {}
