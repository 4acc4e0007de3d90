package io.i2v.worker.backend;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.worker.config.WorkerConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

/** Picks the configured backend by its {@code @Identifier}. */
@ApplicationScoped
public class Backends {
    private final Instance<VideoBackend> all;
    private final String name;

    public Backends(@Any Instance<VideoBackend> all, WorkerConfig config) {
        this.all = all;
        this.name = config.backend();
    }

    public VideoBackend selected() {
        Instance<VideoBackend> chosen = all.select(Identifier.Literal.of(name));
        if (!chosen.isResolvable()) {
            throw new I2vException(ErrorCode.INTERNAL, "video backend \"" + name + "\" is not available");
        }
        return chosen.get();
    }
}
