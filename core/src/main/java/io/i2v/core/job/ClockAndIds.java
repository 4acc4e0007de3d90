package io.i2v.core.job;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.security.SecureRandom;
import java.time.Clock;

/** The clock and the job-id generator everything is given (not reached for), so tests can fix them. */
@ApplicationScoped
public class ClockAndIds {

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @ApplicationScoped
    JobIds jobIds() {
        return new JobIds(new SecureRandom());
    }
}
