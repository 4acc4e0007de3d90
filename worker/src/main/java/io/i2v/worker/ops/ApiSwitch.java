package io.i2v.worker.ops;

import io.i2v.core.auth.ApiKeys;
import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.worker.config.WorkerConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Whether this worker serves the job API ({@code i2v.worker.api.enabled}): on in local mode, off
 * in AWS unless configured, and never keyless outside local mode. A worker configured to serve it
 * there without API keys does not start; a worker that does not serve it answers {@code /v1}
 * with {@code not_found}.
 */
@ApplicationScoped
public class ApiSwitch {
    private final boolean enabled;
    private final boolean local;
    private final ApiKeys keys;

    public ApiSwitch(WorkerConfig config, ApiKeys keys) {
        this.enabled = config.api().enabled();
        this.local = config.local().enabled();
        this.keys = keys;
    }

    /** Before anything else starts (the queue consumers among them). */
    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent started) {
        refuseKeylessOutsideLocalMode(enabled, local, keys.enabled(), LaunchMode.current());
    }

    static void refuseKeylessOutsideLocalMode(boolean enabled, boolean local, boolean keyed, LaunchMode mode) {
        if (enabled && !local && !keyed && mode == LaunchMode.NORMAL) {
            throw new IllegalStateException("the worker's HTTP API is on (i2v.worker.api.enabled) outside local mode "
                    + "without API keys; set I2V_API_KEYS (owner=key,…) or turn it off (I2V_WORKER_API_ENABLED=false)");
        }
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 100)
    public void serveOnlyWhenOn(ContainerRequestContext request) {
        if (!enabled && request.getUriInfo().getPath().startsWith("/v1")) {
            throw new I2vException(
                    ErrorCode.NOT_FOUND,
                    "this worker does not serve the job API; use the function "
                            + "URL (or set I2V_WORKER_API_ENABLED=true with I2V_API_KEYS)");
        }
    }
}
