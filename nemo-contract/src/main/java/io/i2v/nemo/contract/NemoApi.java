package io.i2v.nemo.contract;

/**
 * The NemoVideo agent API's wire names, in one place for the worker's REST client and the
 * simulator (see {@code nemo-protocol.md}). Plain compile-time constants, so they can be used in
 * JAX-RS annotations. Paths are templates relative to the base URL; {@code {sid}} and {@code {id}}
 * are path parameters.
 */
public final class NemoApi {
    private NemoApi() {}

    // ---- path parameters

    /** A session id. */
    public static final String SID = "sid";
    /** A render id. */
    public static final String ID = "id";

    // ---- routes

    /** POST with {@link #CLIENT_ID}, no body: an anonymous token. */
    public static final String ANONYMOUS_TOKEN = "/api/auth/anonymous-token";
    /** POST {@code {"task_name","language"}}: a new session. */
    public static final String CREATE_SESSION = "/api/tasks/me/with-session/nemo_agent";
    /** POST multipart (field {@link #UPLOAD_FIELD}) or JSON {@code {"urls","source_type"}}. */
    public static final String UPLOAD = "/api/upload-video/nemo_agent/me/{" + SID + "}";
    /** POST the instruction; the reply is an SSE stream. */
    public static final String RUN_SSE = "/run_sse";
    /** GET the session's latest state. */
    public static final String STATE = "/api/state/nemo_agent/me/{" + SID + "}/latest";
    /** GET the credit balance. */
    public static final String CREDITS = "/api/credits/balance/simple";
    /** POST a render (export). */
    public static final String RENDER_SUBMIT = "/api/render/proxy/lambda";
    /** GET a render's status. */
    public static final String RENDER = "/api/render/proxy/lambda/{" + ID + "}";
    /** POST to cancel a render. */
    public static final String RENDER_CANCEL = "/api/render/proxy/lambda/{" + ID + "}/cancel";
    /** GET the rendered file with the bearer token (the fallback to the output URL). */
    public static final String RENDER_DOWNLOAD = "/api/render/proxy/{" + ID + "}/download";

    /** The multipart field an upload's files go in. */
    public static final String UPLOAD_FIELD = "files";

    // ---- headers

    public static final String AUTHORIZATION = "Authorization";
    public static final String BEARER = "Bearer ";
    public static final String CLIENT_ID = "X-Client-Id";
    /** Attribution, on every call: exports fail with HTTP 402 without it. */
    public static final String SKILL_SOURCE = "X-Skill-Source";

    public static final String SKILL_VERSION = "X-Skill-Version";
    public static final String SKILL_PLATFORM = "X-Skill-Platform";

    // ---- envelopes: {"code":0,"message":…,"data":…}, {"success":true,"data":…}, or the bare object

    public static final String CODE = "code";
    public static final String MESSAGE = "message";
    public static final String SUCCESS = "success";
    public static final String DATA = "data";
}
