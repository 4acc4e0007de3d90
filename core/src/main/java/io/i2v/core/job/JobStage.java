package io.i2v.core.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a running job is doing, named as the status document and events show it. */
public enum JobStage {
    PREPARING,
    UPLOADING,
    GENERATING,
    EXPORTING,
    RENDERING,
    STORING;

    @JsonValue
    public String wire() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static JobStage fromWire(String s) {
        return valueOf(s.toUpperCase());
    }
}
