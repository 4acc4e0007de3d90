package io.i2v.core.aws;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.security.SecureRandom;
import java.time.Clock;
import io.i2v.core.job.JobIds;

/** Time and randomness are passed in, so tests can fix them. */
@ApplicationScoped
public class Infrastructure {

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
