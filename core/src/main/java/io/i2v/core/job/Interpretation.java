package io.i2v.core.job;

import java.util.List;

/** What the backend understood of the instruction, and what it could not honour. */
public record Interpretation(String summary, List<String> understood, List<String> notUnderstood) {}
