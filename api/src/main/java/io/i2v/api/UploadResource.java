package io.i2v.api;

import io.i2v.core.intake.UploadService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code POST /v1/uploads}: a presigned PUT for images too large for the request body. */
@Path("/v1/uploads")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UploadResource {
    private final UploadService uploads;

    public UploadResource(UploadService uploads) {
        this.uploads = uploads;
    }

    @POST
    public Response create(UploadService.UploadRequest request) {
        return Response.status(Response.Status.CREATED).entity(uploads.create(request)).build();
    }
}
