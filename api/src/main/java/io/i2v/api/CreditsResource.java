package io.i2v.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /v1/credits}: the video backend's credit balance. */
@Path("/v1/credits")
@Produces(MediaType.APPLICATION_JSON)
public class CreditsResource {
    private final Credits credits;

    public CreditsResource(Credits credits) {
        this.credits = credits;
    }

    @GET
    @Tag(name = ApiDocument.ACCOUNT)
    @Operation(
            operationId = "getCredits",
            summary = "Get the video backend's credit balance",
            description = "Only with the cloud backend (I2V_BACKEND=nemo); elsewhere 501 not_supported.")
    @APIResponse(
            responseCode = "200",
            description = "The balance",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = Credits.Balance.class)))
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
    @APIResponse(responseCode = "501", ref = ApiDocument.NOT_IMPLEMENTED)
    @APIResponse(responseCode = "503", ref = ApiDocument.UNAVAILABLE)
    public Credits.Balance balance() {
        return credits.balance();
    }
}
