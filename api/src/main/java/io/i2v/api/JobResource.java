package io.i2v.api;

import io.i2v.core.intake.EditSubmission;
import io.i2v.core.intake.IntakeService;
import io.i2v.core.intake.JobSubmission;
import io.i2v.core.intake.SubmissionMapper;
import io.i2v.core.job.JobCancellation;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * {@code /v1/jobs}: adapts HTTP to the intake service and job queries; nothing else. Every call
 * acts for the caller the {@link ApiKeyFilter} authenticated: another owner's job is "not found".
 */
@Path("/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {
    private final IntakeService intake;
    private final JobQueries queries;

    private final MultipartJobs multipart;
    private final JobCancellation cancellation;

    public JobResource(IntakeService intake, JobQueries queries, MultipartJobs multipart,
                       JobCancellation cancellation) {
        this.cancellation = cancellation;
        this.intake = intake;
        this.queries = queries;
        this.multipart = multipart;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JobSubmission submission, @HeaderParam("Idempotency-Key") String idempotencyKey,
                           @HeaderParam(TraceContext.HEADER) String traceparent, @Context SecurityContext caller) {
        return accepted(intake.submit(SubmissionMapper.toCommand(submission, JobSource.HTTP, idempotencyKey,
                ApiKeyFilter.owner(caller),
                false).withTrace(traceparent)));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response createMultipart(@RestForm("image") List<FileUpload> images, @RestForm String prompt,
                                    @RestForm String options, @RestForm String webhookUrl,
                                    @HeaderParam("Idempotency-Key") String idempotencyKey,
                                    @HeaderParam(TraceContext.HEADER) String traceparent,
                                    @Context SecurityContext caller) {
        return accepted(intake.submit(multipart.toCommand(images, prompt, options, idempotencyKey,
                ApiKeyFilter.owner(caller), webhookUrl)
                .withTrace(traceparent)));
    }

    @GET
    @Path("/{id}")
    public JobView get(@PathParam("id") String id, @Context SecurityContext caller) {
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
    public Response edit(@PathParam("id") String id, EditSubmission edit,
                         @HeaderParam("Idempotency-Key") String idempotencyKey,
                         @HeaderParam(TraceContext.HEADER) String traceparent, @Context SecurityContext caller) {
        return accepted(intake.submitEdit(id, edit, idempotencyKey, ApiKeyFilter.owner(caller), ApiKeyFilter.scope(caller),
                traceparent));
    }

    /** Cancels a queued or running job; 409 for a finished one. */
    @POST
    @Path("/{id}/cancel")
    public JobView cancel(@PathParam("id") String id, @Context SecurityContext caller) {
        return JobView.of(cancellation.cancel(id, ApiKeyFilter.scope(caller)));
    }

    private static Response accepted(JobStatus status) {
        return Response.accepted(JobView.of(status)).location(URI.create("/v1/jobs/" + status.id())).build();
    }
}
