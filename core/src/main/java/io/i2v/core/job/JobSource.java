package io.i2v.core.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which entry point a job came in through. */
public enum JobSource {
    HTTP,
    S3,
    SQS;

    @JsonValue
    public String wire() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static JobSource fromWire(String s) {
        return valueOf(s.toUpperCase());
    }
}
