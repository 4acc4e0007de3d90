package io.i2v.worker.config;

import io.smallrye.config.RelocateConfigSourceInterceptor;
import java.util.Map;

/**
 * The short environment names the worker also answers to: NemoVideo's own ({@code NEMO_API_URL},
 * {@code NEMO_TOKEN}, {@code NEMO_CLIENT_ID}, {@code NEMO_PLATFORM}, as its documents name them)
 * and two switches ({@code I2V_BACKEND}, {@code I2V_LOCAL}). A short name, when set, wins over
 * the property; otherwise the property (or its {@code @WithDefault} in {@link WorkerConfig}, the
 * one home of every default) applies. Registered in {@code META-INF/services}.
 */
public class ShortEnvironmentNames extends RelocateConfigSourceInterceptor {
    static final Map<String, String> NAMES = Map.of(
            "i2v.worker.backend", "I2V_BACKEND",
            "i2v.worker.local.enabled", "I2V_LOCAL",
            "i2v.worker.nemo.api-url", "NEMO_API_URL",
            "i2v.worker.nemo.token", "NEMO_TOKEN",
            "i2v.worker.nemo.client-id", "NEMO_CLIENT_ID",
            "i2v.worker.nemo.platform", "NEMO_PLATFORM");

    public ShortEnvironmentNames() {
        super(name -> NAMES.getOrDefault(name, name));
    }
}
