package io.i2v.worker.nemo;

import static io.i2v.nemo.contract.NemoApi.ANONYMOUS_TOKEN;
import static io.i2v.nemo.contract.NemoApi.AUTHORIZATION;
import static io.i2v.nemo.contract.NemoApi.CLIENT_ID;
import static io.i2v.nemo.contract.NemoApi.CREATE_SESSION;
import static io.i2v.nemo.contract.NemoApi.CREDITS;
import static io.i2v.nemo.contract.NemoApi.ID;
import static io.i2v.nemo.contract.NemoApi.RENDER;
import static io.i2v.nemo.contract.NemoApi.RENDER_CANCEL;
import static io.i2v.nemo.contract.NemoApi.RENDER_DOWNLOAD;
import static io.i2v.nemo.contract.NemoApi.RENDER_SUBMIT;
import static io.i2v.nemo.contract.NemoApi.RUN_SSE;
import static io.i2v.nemo.contract.NemoApi.SID;
import static io.i2v.nemo.contract.NemoApi.STATE;
import static io.i2v.nemo.contract.NemoApi.UPLOAD;
import static io.i2v.nemo.contract.NemoApi.UPLOAD_FIELD;

import io.quarkus.rest.client.reactive.Url;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
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
 * Routes and header names come from {@code NemoApi}, the table the simulator serves too.
 * Wrapped by {@link NemoClient}, which owns tokens, retries and error translation.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
interface NemoRestClient {

    @POST
    @Path(ANONYMOUS_TOKEN)
    Uni<Response> anonymousToken(@HeaderParam(CLIENT_ID) String clientId);

    @POST
    @Path(CREATE_SESSION)
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> createSession(@HeaderParam(AUTHORIZATION) String auth, String body);

    @POST
    @Path(UPLOAD)
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    Uni<Response> upload(
            @HeaderParam(AUTHORIZATION) String auth,
            @PathParam(SID) String sessionId,
            @RestForm(UPLOAD_FIELD) @PartType(MediaType.APPLICATION_OCTET_STREAM) File file);

    @POST
    @Path(UPLOAD)
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> uploadUrls(@HeaderParam(AUTHORIZATION) String auth, @PathParam(SID) String sessionId, String body);

    /**
     * The long call: an SSE stream of agent events; its end is the stream closing. The body is
     * sent as it is emitted (chunked), so the call can be open before its last bytes exist.
     */
    @POST
    @Path(RUN_SSE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    Multi<SseEvent<String>> runSse(@HeaderParam(AUTHORIZATION) String auth, Multi<Buffer> body);

    @GET
    @Path(STATE)
    Uni<Response> state(@HeaderParam(AUTHORIZATION) String auth, @PathParam(SID) String sessionId);

    @GET
    @Path(CREDITS)
    Uni<Response> credits(@HeaderParam(AUTHORIZATION) String auth);

    @POST
    @Path(RENDER_SUBMIT)
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> submitRender(@HeaderParam(AUTHORIZATION) String auth, String body);

    @GET
    @Path(RENDER)
    Uni<Response> render(@HeaderParam(AUTHORIZATION) String auth, @PathParam(ID) String renderId);

    @POST
    @Path(RENDER_CANCEL)
    Uni<Response> cancelRender(@HeaderParam(AUTHORIZATION) String auth, @PathParam(ID) String renderId);

    @GET
    @Path(RENDER_DOWNLOAD)
    @Produces(MediaType.WILDCARD)
    Uni<Response> download(@HeaderParam(AUTHORIZATION) String auth, @PathParam(ID) String renderId);

    /** The render's own output URL (a CDN; no token goes there). */
    @GET
    @Produces(MediaType.WILDCARD)
    Uni<Response> fetch(@Url String url);
}
