package io.i2v.worker.nemo;

import io.quarkus.rest.client.reactive.Url;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.File;
import org.jboss.resteasy.reactive.PartType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.jboss.resteasy.reactive.client.SseEvent;

/**
 * The NemoVideo agent API as a Quarkus REST client. Replies are read as raw JSON text because
 * the service answers in three envelopes ({@link Envelope} unwraps them). Attribution headers are
 * added to every call by {@link AttributionHeaders}; the bearer token is passed per call.
 * Wrapped by {@link NemoClient}, which owns tokens, retries and error translation.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
interface NemoRestClient {

    @POST
    @Path("api/auth/anonymous-token")
    Uni<Response> anonymousToken(@HeaderParam("X-Client-Id") String clientId);

    @POST
    @Path("api/tasks/me/with-session/nemo_agent")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> createSession(@HeaderParam("Authorization") String auth, String body);

    @POST
    @Path("api/upload-video/nemo_agent/me/{sid}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    Uni<Response> upload(@HeaderParam("Authorization") String auth, @PathParam("sid") String sessionId,
                         @RestForm("files") @PartType(MediaType.APPLICATION_OCTET_STREAM) File file);

    @POST
    @Path("api/upload-video/nemo_agent/me/{sid}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> uploadUrls(@HeaderParam("Authorization") String auth, @PathParam("sid") String sessionId,
                             String body);

    /** The long call: an SSE stream of agent events; its end is the stream closing. */
    @POST
    @Path("run_sse")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    Multi<SseEvent<String>> runSse(@HeaderParam("Authorization") String auth, String body);

    @GET
    @Path("api/state/nemo_agent/me/{sid}/latest")
    Uni<Response> state(@HeaderParam("Authorization") String auth, @PathParam("sid") String sessionId);

    @GET
    @Path("api/credits/balance/simple")
    Uni<Response> credits(@HeaderParam("Authorization") String auth);

    @POST
    @Path("api/render/proxy/lambda")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> submitRender(@HeaderParam("Authorization") String auth, String body);

    @GET
    @Path("api/render/proxy/lambda/{id}")
    Uni<Response> render(@HeaderParam("Authorization") String auth, @PathParam("id") String renderId);

    @POST
    @Path("api/render/proxy/lambda/{id}/cancel")
    Uni<Response> cancelRender(@HeaderParam("Authorization") String auth, @PathParam("id") String renderId);

    @GET
    @Path("api/render/proxy/{id}/download")
    @Produces(MediaType.WILDCARD)
    Uni<Response> download(@HeaderParam("Authorization") String auth, @PathParam("id") String renderId);

    /** The render's own output URL (a CDN; no token goes there). */
    @GET
    @Produces(MediaType.WILDCARD)
    Uni<Response> fetch(@Url String url);
}
