package io.i2v.worker.nemo;

import io.i2v.nemosim.NemoSimulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.util.Map;

/** Starts the NemoVideo simulator on loopback and points the worker at it; tests get it with {@link Sim}. */
public class NemoSimResource implements QuarkusTestResourceLifecycleManager {
    private NemoSimulator sim;

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Sim {}

    @Override
    public Map<String, String> start() {
        try {
            sim = NemoSimulator.start(Path.of("target/nemo-sim-" + System.nanoTime()), true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of("i2v.worker.nemo.api-url", sim.url());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(sim, new TestInjector.AnnotatedAndMatchesType(Sim.class, NemoSimulator.class));
    }

    @Override
    public void stop() {
        if (sim != null) {
            sim.close();
        }
    }
}
