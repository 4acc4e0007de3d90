package io.i2v.api;

import io.i2v.core.error.ErrorCode;
import io.i2v.core.error.I2vException;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

/** Deployments without a credit-based backend (the function URL, the local renderer) say so clearly. */
@ApplicationScoped
@DefaultBean
public class NoCredits implements Credits {
    @Override
    public Balance balance() {
        throw new I2vException(
                ErrorCode.NOT_SUPPORTED,
                "credits are not available for this deployment's video "
                        + "backend; they exist only with the cloud backend (I2V_BACKEND=nemo)");
    }
}
