package io.i2v.api;

import io.i2v.core.intake.EditSubmission;
import io.i2v.core.intake.IntakeService;
import io.i2v.core.intake.JobSubmission;
import io.i2v.core.intake.SubmissionMapper;
import io.i2v.core.job.JobCancellation;
import io.i2v.core.job.JobListQuery;
import io.i2v.core.job.JobQueries;
import io.i2v.core.job.JobSource;
import io.i2v.core.job.JobStatus;
import io.i2v.core.job.TraceContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * {@code /v1/jobs}: adapts HTTP to the intake service and job queries; nothing else. Every call
 * acts for the caller the {@link ApiKeyFilter} authenticated: another owner's job is "not found".
 */
@Path("/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocument.JOBS)
@APIResponse(responseCode = "401", ref = ApiDocument.UNAUTHORIZED)
public class JobResource {
    static final String IDEMPOTENCY = "Idempotency-Key";
    static final String IDEMPOTENCY_TEXT = "Makes the submission safe to retry: the same key with the same body "
            + "returns the job it created (the same id); the same key with another body is 409 idempotency_key_reused.";
    private final IntakeService intake;
    private final JobQueries queries;

    private final MultipartJobs multipart;
    private final JobCancellation cancellation;

    public JobResource(
            IntakeService intake, JobQueries queries, MultipartJobs multipart, JobCancellation cancellation) {
        this.cancellation = cancellation;
        this.intake = intake;
        this.queries = queries;
        this.multipart = multipart;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "createJob",
            summary = "Create a job",
            description = "Images inline (base64), by upload key or by https URL, with an instruction and options; "
                    + "or multipart with image files. Validated before anything is stored: a refusal writes nothing.")
    @APIResponse(
            responseCode = "202",
            description = "The job, QUEUED",
            headers =
                    @Header(
                            name = "Location",
                            description = "The job's URL",
                            schema = @Schema(type = SchemaType.STRING)),
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    @APIResponse(responseCode = "413", ref = ApiDocument.TOO_LARGE)
    @APIResponse(responseCode = "415", ref = ApiDocument.UNSUPPORTED)
    @APIResponse(responseCode = "422", ref = ApiDocument.UNPROCESSABLE)
    @APIResponse(responseCode = "503", ref = ApiDocument.UNAVAILABLE)
    public Response create(
            JobSubmission submission,
            @Parameter(
                            name = IDEMPOTENCY,
                            in = ParameterIn.HEADER,
                            description = IDEMPOTENCY_TEXT,
                            example = "campaign-42")
                    @HeaderParam(IDEMPOTENCY)
                    String idempotencyKey,
            @Parameter(description = "W3C trace context, carried to the worker and events")
                    @HeaderParam(TraceContext.HEADER)
                    String traceparent,
            @Context SecurityContext caller) {
        return accepted(intake.submit(SubmissionMapper.toCommand(
                        submission, JobSource.HTTP, idempotencyKey, ApiKeyFilter.owner(caller), false)
                .withTrace(traceparent)));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(
            operationId = "createJob",
            summary = "Create a job",
            description = "Images inline (base64), by upload key or by https URL, with an instruction and options; "
                    + "or multipart with image files. Validated before anything is stored: a refusal writes nothing.")
    @APIResponse(
            responseCode = "202",
            description = "The job, QUEUED",
            headers =
                    @Header(
                            name = "Location",
                            description = "The job's URL",
                            schema = @Schema(type = SchemaType.STRING)),
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    @APIResponse(responseCode = "413", ref = ApiDocument.TOO_LARGE)
    @APIResponse(responseCode = "415", ref = ApiDocument.UNSUPPORTED)
    @APIResponse(responseCode = "422", ref = ApiDocument.UNPROCESSABLE)
    @APIResponse(responseCode = "503", ref = ApiDocument.UNAVAILABLE)
    public Response createMultipart(
            @RestForm("image") List<FileUpload> images,
            @RestForm String prompt,
            @RestForm String options,
            @RestForm String webhookUrl,
            @Parameter(
                            name = IDEMPOTENCY,
                            in = ParameterIn.HEADER,
                            description = IDEMPOTENCY_TEXT,
                            example = "campaign-42")
                    @HeaderParam(IDEMPOTENCY)
                    String idempotencyKey,
            @Parameter(description = "W3C trace context, carried to the worker and events")
                    @HeaderParam(TraceContext.HEADER)
                    String traceparent,
            @Context SecurityContext caller) {
        return accepted(intake.submit(multipart
                .toCommand(images, prompt, options, idempotencyKey, ApiKeyFilter.owner(caller), webhookUrl)
                .withTrace(traceparent)));
    }

    @GET
    @Operation(
            operationId = "listJobs",
            summary = "List your jobs",
            description = "The caller's jobs (with API keys: the key owner's), newest first, from every entry point "
                    + "(HTTP, an S3 upload to inbox/, a message on the intake queue). Page with limit and the "
                    + "nextCursor of the previous page; filter by state and source.")
    @APIResponse(
            responseCode = "200",
            description = "A page of jobs",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = JobListView.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "503", ref = ApiDocument.UNAVAILABLE)
    public JobListView list(
            @Parameter(
                            description = "Only jobs in this state",
                            schema =
                                    @Schema(
                                            type = SchemaType.STRING,
                                            enumeration = {"QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED"}))
                    @QueryParam("state")
                    String state,
            @Parameter(
                            description = "Only jobs that came in this way",
                            schema =
                                    @Schema(
                                            type = SchemaType.STRING,
                                            enumeration = {"http", "s3", "sqs"}))
                    @QueryParam("source")
                    String source,
            @Parameter(
                            description = "Jobs per page",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            minimum = "1",
                                            maximum = "" + JobListQuery.MAX_LIMIT,
                                            defaultValue = "" + JobListQuery.DEFAULT_LIMIT))
                    @QueryParam("limit")
                    String limit,
            @Parameter(description = "The previous page's nextCursor, unchanged") @QueryParam("cursor") String cursor,
            @Context SecurityContext caller) {
        return JobListView.of(
                queries.list(JobListQuery.parse(state, source, limit, cursor), ApiKeyFilter.scope(caller)));
    }

    @GET
    @Path("/{id}")
    @Operation(
            operationId = "getJob",
            summary = "Get a job's status",
            description =
                    "State, stage and progress, the interpretation of the instruction, messages, webhook "
                            + "deliveries, queue position while queued, and the result (with a fresh download URL) once it succeeded.")
    @APIResponse(
            responseCode = "200",
            description = "The job",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    public JobView get(
            @Parameter(description = "The job id", example = "job_aaaaaaaaaaaaaaaaaaaaaaaaaa") @PathParam("id")
                    String id,
            @Context SecurityContext caller) {
        JobStatus status = queries.get(id, ApiKeyFilter.scope(caller));
        return JobView.of(status, queries.queuePosition(status), queries.webhookDeliveries(status));
    }

    /**
     * A follow-up edit of a succeeded job ("slower", "make it vertical"): a new job that changes
     * the parent's timeline and renders a new result; 409 while the parent is not succeeded.
     */
    @POST
    @Path("/{id}/edits")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "editJob",
            summary = "Edit a succeeded job",
            description = "A follow-up instruction (\"slower\", \"make it vertical\"): a new job with the same "
                    + "images and parentJobId set, which changes the parent's timeline and renders a new result.")
    @APIResponse(
            responseCode = "202",
            description = "The new job, QUEUED",
            headers =
                    @Header(
                            name = "Location",
                            description = "The new job's URL",
                            schema = @Schema(type = SchemaType.STRING)),
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "400", ref = ApiDocument.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    @APIResponse(responseCode = "415", ref = ApiDocument.UNSUPPORTED)
    @APIResponse(responseCode = "503", ref = ApiDocument.UNAVAILABLE)
    public Response edit(
            @Parameter(description = "The succeeded job to edit", example = "job_aaaaaaaaaaaaaaaaaaaaaaaaaa")
                    @PathParam("id")
                    String id,
            EditSubmission edit,
            @Parameter(name = IDEMPOTENCY, in = ParameterIn.HEADER, description = IDEMPOTENCY_TEXT, example = "edit-7")
                    @HeaderParam(IDEMPOTENCY)
                    String idempotencyKey,
            @Parameter(description = "W3C trace context, carried to the worker and events")
                    @HeaderParam(TraceContext.HEADER)
                    String traceparent,
            @Context SecurityContext caller) {
        return accepted(intake.submitEdit(
                id, edit, idempotencyKey, ApiKeyFilter.owner(caller), ApiKeyFilter.scope(caller), traceparent));
    }

    /** Cancels a queued or running job; 409 for a finished one. */
    @POST
    @Path("/{id}/cancel")
    @Operation(
            operationId = "cancelJob",
            summary = "Cancel a queued or running job",
            description = "The job becomes CANCELED and a job.canceled event is sent; a running worker stops at its "
                    + "next status write and stores no result.")
    @APIResponse(
            responseCode = "200",
            description = "The job, CANCELED",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "404", ref = ApiDocument.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocument.CONFLICT)
    @APIResponse(responseCode = "503", ref = ApiDocument.UNAVAILABLE)
    public JobView cancel(
            @Parameter(description = "The job to cancel", example = "job_aaaaaaaaaaaaaaaaaaaaaaaaaa") @PathParam("id")
                    String id,
            @Context SecurityContext caller) {
        return JobView.of(cancellation.cancel(id, ApiKeyFilter.scope(caller)));
    }

    private static Response accepted(JobStatus status) {
        return Response.accepted(JobView.of(status))
                .location(URI.create("/v1/jobs/" + status.id()))
                .build();
    }
}
