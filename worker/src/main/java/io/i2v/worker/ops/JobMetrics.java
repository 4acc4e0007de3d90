package io.i2v.worker.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Worker metrics (Prometheus at /q/metrics): jobs finished by state, job duration by backend
 * and outcome, time per stage by backend, queue lag (submission to start), backend errors by
 * code, jobs in flight, time per step after the render.
 */
@ApplicationScoped
public class JobMetrics {
    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();

    public JobMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("i2v.jobs.in.flight", inFlight);
    }

    public void started(Duration queueLag) {
        inFlight.incrementAndGet();
        Timer.builder("i2v.job.queue.lag")
                .description("time from submission to start")
                .register(registry)
                .record(queueLag.isNegative() ? Duration.ZERO : queueLag);
    }

    public void finished(String backend, String state, Duration took) {
        inFlight.decrementAndGet();
        Counter.builder("i2v.jobs").tag("state", state).register(registry).increment();
        Timer.builder("i2v.job.duration")
                .tag("backend", backend)
                .tag("state", state)
                .register(registry)
                .record(took);
    }

    public void stage(String backend, String stage, Duration took) {
        Timer.builder("i2v.job.stage.duration")
                .tag("backend", backend)
                .tag("stage", stage)
                .register(registry)
                .record(took);
    }

    /** One step after the render (staging upload, output check, result store): where the time after drawing goes. */
    public void step(String backend, String step, Duration took) {
        Timer.builder(STEP_TIMER)
                .tag("backend", backend)
                .tag("step", step)
                .register(registry)
                .record(took);
    }

    /** Seconds spent in {@code step} so far in this process (0 when none ran): for {@code animate --timings}. */
    public double stepSeconds(String step) {
        return registry.find(STEP_TIMER).tag("step", step).timers().stream()
                .mapToDouble(t -> t.totalTime(TimeUnit.SECONDS))
                .sum();
    }

    private static final String STEP_TIMER = "i2v.job.step.duration";

    public void error(String backend, String code) {
        Counter.builder("i2v.backend.errors")
                .tag("backend", backend)
                .tag("code", code)
                .register(registry)
                .increment();
    }
}
