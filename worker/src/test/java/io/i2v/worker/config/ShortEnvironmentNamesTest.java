package io.i2v.worker.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NemoVideo's documented environment names and the two switches reach the worker's settings; defaults stay. */
class ShortEnvironmentNamesTest {

    @Test
    void theVendorsEnvironmentNamesSetTheCloudSettings() {
        WorkerConfig.Nemo nemo = config(
                        Map.of(
                                "NEMO_API_URL",
                                "http://127.0.0.1:7000",
                                "NEMO_TOKEN",
                                "nmv_usr_t",
                                "NEMO_CLIENT_ID",
                                "c-1",
                                "NEMO_PLATFORM",
                                "cursor"),
                        Map.of())
                .getConfigMapping(WorkerConfig.class)
                .nemo();
        assertEquals("http://127.0.0.1:7000", nemo.apiUrl().toString());
        assertEquals("nmv_usr_t", nemo.token().orElseThrow());
        assertEquals("c-1", nemo.clientId().orElseThrow());
        assertEquals("cursor", nemo.platform());
    }

    @Test
    void withoutThemTheMappingsDefaultsApply() {
        WorkerConfig worker = config(Map.of(), Map.of()).getConfigMapping(WorkerConfig.class);
        assertEquals(
                "https://mega-api-prod.nemovideo.ai", worker.nemo().apiUrl().toString());
        assertEquals("unknown", worker.nemo().platform());
        assertEquals("local", worker.backend());
        assertEquals(false, worker.local().enabled());
    }

    @Test
    void theShortSwitchesWinOverTheFileAndFeedExpressionsThatUseThem() {
        WorkerConfig worker = config(
                        Map.of("I2V_BACKEND", "nemo", "I2V_LOCAL", "true"), Map.of("i2v.worker.backend", "local"))
                .getConfigMapping(WorkerConfig.class);
        assertEquals("nemo", worker.backend());
        assertEquals(true, worker.local().enabled());
        assertEquals(true, worker.api().enabled(), "application.properties: the API follows local mode");
    }

    /** {@code file}: lines of application.properties besides the worker's own expression. */
    private static SmallRyeConfig config(Map<String, String> env, Map<String, String> file) {
        Map<String, String> properties = new HashMap<>(file);
        properties.put("i2v.worker.api.enabled", "${i2v.worker.local.enabled}");
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new EnvConfigSource(env, 300), new PropertiesConfigSource(properties, "file", 250))
                .withInterceptors(new ShortEnvironmentNames())
                .withMapping(WorkerConfig.class)
                .withValidateUnknown(false)
                .build();
    }
}
