package io.i2v.worker.nemo;

import io.i2v.api.Credits;
import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.i2v.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** {@code GET /v1/credits} in the worker: NemoVideo's balance with the cloud backend, else a clear refusal. */
@ApplicationScoped
public class NemoCredits implements Credits {
    private final NemoClient client;
    private final WorkerConfig config;

    public NemoCredits(NemoClient client, WorkerConfig config) {
        this.client = client;
        this.config = config;
    }

    @Override
    public Balance balance() {
        if (!config.backend().equals("nemo")) {
            throw new I2vException(
                    ErrorCode.NOT_SUPPORTED,
                    "credits are not available for the " + config.backend()
                            + " backend; they exist only with the cloud backend (I2V_BACKEND=nemo)");
        }
        try {
            NemoClient.Credits c =
                    client.credits().await().atMost(config.nemo().callTimeout().plus(Duration.ofSeconds(5)));
            return new Balance("nemo", c.available(), c.frozen(), c.total());
        } catch (NemoException e) {
            throw e.error().toJobError();
        }
    }
}
