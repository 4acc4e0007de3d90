package io.i2v.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /v1/credits}: the video backend's credit balance. */
@Path("/v1/credits")
@Produces(MediaType.APPLICATION_JSON)
public class CreditsResource {
    private final Credits credits;

    public CreditsResource(Credits credits) {
        this.credits = credits;
    }

    @GET
    public Credits.Balance balance() {
        return credits.balance();
    }
}
