package io.i2v.core.job;

import java.util.Map;
import java.util.Set;

/** The one table of allowed state changes. Terminal states have no way out. */
public final class JobTransitions {
    private static final Map<Class<? extends JobState>, Set<Class<? extends JobState>>> ALLOWED = Map.of(
            JobState.Queued.class, Set.of(JobState.Running.class, JobState.Failed.class, JobState.Canceled.class),
            JobState.Running.class,
                    Set.of(
                            JobState.Running.class,
                            JobState.Queued.class,
                            JobState.Succeeded.class,
                            JobState.Failed.class,
                            JobState.Canceled.class),
            JobState.Succeeded.class, Set.of(),
            JobState.Failed.class, Set.of(),
            JobState.Canceled.class, Set.of());

    private JobTransitions() {}

    public static boolean allowed(JobState from, JobState to) {
        return ALLOWED.get(from.getClass()).contains(to.getClass());
    }

    /** @throws IllegalStateException when the table does not allow the change */
    public static JobState check(JobState from, JobState to) {
        if (!allowed(from, to)) {
            throw new IllegalStateException("job cannot go from " + from.name() + " to " + to.name());
        }
        return to;
    }
}
