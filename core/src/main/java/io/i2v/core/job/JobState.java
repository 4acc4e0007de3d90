package io.i2v.core.job;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.i2v.core.error.ErrorInfo;

/**
 * Where a job is. One record per state; which state may follow which lives in
 * {@link JobTransitions} and nowhere else.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "name")
@JsonSubTypes({
    @JsonSubTypes.Type(value = JobState.Queued.class, name = "QUEUED"),
    @JsonSubTypes.Type(value = JobState.Running.class, name = "RUNNING"),
    @JsonSubTypes.Type(value = JobState.Succeeded.class, name = "SUCCEEDED"),
    @JsonSubTypes.Type(value = JobState.Failed.class, name = "FAILED"),
    @JsonSubTypes.Type(value = JobState.Canceled.class, name = "CANCELED")
})
public sealed interface JobState {

    @JsonIgnore
    String name();

    @JsonIgnore
    default boolean terminal() {
        return false;
    }

    record Queued() implements JobState {
        public String name() {
            return "QUEUED";
        }
    }

    /** {@code progress} is 0–100 within the whole job. */
    record Running(JobStage stage, int progress) implements JobState {
        public Running {
            progress = Math.max(0, Math.min(100, progress));
        }

        public String name() {
            return "RUNNING";
        }
    }

    record Succeeded() implements JobState {
        public String name() {
            return "SUCCEEDED";
        }

        public boolean terminal() {
            return true;
        }
    }

    record Failed(ErrorInfo error) implements JobState {
        public String name() {
            return "FAILED";
        }

        public boolean terminal() {
            return true;
        }
    }

    record Canceled() implements JobState {
        public String name() {
            return "CANCELED";
        }

        public boolean terminal() {
            return true;
        }
    }
}
