package io.i2v.api;

import io.i2v.core.intake.UploadService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

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
    @Tag(name = ApiDocument.UPLOADS)
    @Operation(
            operationId = "createUpload",
            summary = "Get a presigned upload for a large image",
            description = "PUT the file to uploadUrl with the headers given, then create a job naming the key.")
    @APIResponse(
            responseCode = "201",
            description = "Where and how to upload",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = UploadService.UploadTicket.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
    @APIResponse(responseCode = "413", ref = ApiDocument.TOO_LARGE)
    @APIResponse(responseCode = "415", ref = ApiDocument.UNSUPPORTED)
    public Response create(UploadService.UploadRequest request) {
        return Response.status(Response.Status.CREATED)
                .entity(uploads.create(request))
                .build();
    }
}
