package io.i2v.worker.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.i2v.worker.config.WorkerConfig;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WatchdogTest {
    @Test
    void jobThatKeepsProgressingIsLeftAloneAndOneThatFreezesIsStoppedOnce() throws Exception {
        Watchdog watchdog = new Watchdog(config(Duration.ofMillis(300)));
        AtomicInteger stops = new AtomicInteger();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread job = Thread.currentThread();
        try (Watchdog.Watch watch = watchdog.watch("job_test", () -> {
            stops.incrementAndGet();
            stopped.countDown();
        })) {
            long until = System.nanoTime() + Duration.ofMillis(1200).toNanos();
            while (System.nanoTime() < until) { // progressing: touched well within the timeout
                watch.touch();
                Thread.sleep(30);
            }
            assertFalse(watch.stalled(), "a progressing job was stopped");

            assertTrue(stopped.await(5, TimeUnit.SECONDS), "a frozen job was never stopped");
            assertTrue(watch.stalled());
            Thread.sleep(700);
            assertEquals(1, stops.get(), "the stop action runs once");
        } finally {
            watchdog.stop();
        }
        assertFalse(job.isInterrupted());
    }

    private static WorkerConfig config(Duration timeout) {
        WorkerConfig.Watchdog dog = () -> timeout;
        return (WorkerConfig) Proxy.newProxyInstance(
                WorkerConfig.class.getClassLoader(), new Class<?>[] {WorkerConfig.class}, (p, m, a) -> {
                    if (m.getName().equals("watchdog")) {
                        return dog;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }
}
