package io.i2v.api;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.servers.Server;
import org.eclipse.microprofile.openapi.annotations.servers.ServerVariable;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The OpenAPI document's frame ({@code /q/openapi}): who we are, where the API lives, how callers
 * authenticate, and the shared error answers every operation refers to. The operations describe
 * themselves on the resources; the lint in the function's tests keeps the whole document clean.
 * (An {@code Application} because that is where the scanner reads the definition; it declares no
 * classes, so every resource is served as before.)
 */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "i2v API",
                        version = "1",
                        description =
                                "Image-to-video jobs: submit images and an instruction, follow the job, download the "
                                        + "video. Every 4xx and 5xx answer is {\"error\":{\"code\",\"message\"}} with a stable code.",
                        license = @License(name = "Apache-2.0", identifier = "Apache-2.0")),
        servers = {
            @Server(url = "http://127.0.0.1:8080", description = "Local mode (./i2v serve)"),
            @Server(
                    url = "https://{functionUrlId}.lambda-url.{region}.on.aws",
                    description = "The Lambda function URL of a deployment",
                    variables = {
                        @ServerVariable(
                                name = "functionUrlId",
                                defaultValue = "your-function-url-id",
                                description = "The function URL's id (deployment output)"),
                        @ServerVariable(name = "region", defaultValue = "us-east-1", description = "AWS region")
                    })
        },
        security = @SecurityRequirement(name = ApiDocument.BEARER),
        tags = {
            @Tag(name = ApiDocument.JOBS, description = "Create, follow, edit and cancel image-to-video jobs."),
            @Tag(name = ApiDocument.UPLOADS, description = "Presigned uploads for images too large to send inline."),
            @Tag(name = ApiDocument.ACCOUNT, description = "The video backend's account.")
        },
        components =
                @Components(
                        securitySchemes =
                                @SecurityScheme(
                                        securitySchemeName = ApiDocument.BEARER,
                                        type = SecuritySchemeType.HTTP,
                                        scheme = "bearer",
                                        description =
                                                "An API key from I2V_API_KEYS as `Authorization: Bearer <key>`. Without "
                                                        + "configured keys (local mode, the default) no key is needed."),
                        responses = {
                            @APIResponse(
                                    name = ApiDocument.BAD_REQUEST,
                                    description = "The request is malformed or invalid",
                                    content =
                                            @Content(
                                                    mediaType = "application/json",
                                                    schema = @Schema(implementation = ErrorMapper.ErrorBody.class),
                                                    examples = {
                                                        @ExampleObject(
                                                                name = "wrong_type",
                                                                summary = "A field of the wrong JSON type",
                                                                value =
                                                                        "{\"error\":{\"code\":\"invalid_request\",\"message\":\"\\\"options.durationSeconds\\\" must be a number (line 1, column 40)\"}}"),
                                                        @ExampleObject(
                                                                name = "unknown_option_value",
                                                                summary = "An option outside its allowed values",
                                                                value =
                                                                        "{\"error\":{\"code\":\"invalid_request\",\"message\":\"\\\"options.motion\\\" must be one of: push in, zoom out, pan left, pan right, tilt up, tilt down, dolly in, drift, sway, orbit, vertigo, rack focus, static; got \\\"teleport\\\"\"}}"),
                                                        @ExampleObject(
                                                                name = "missing_image",
                                                                summary = "No image given",
                                                                value =
                                                                        "{\"error\":{\"code\":\"missing_image\",\"message\":\"the job has no image; give at least one image\"}}"),
                                                        @ExampleObject(
                                                                name = "url_not_allowed",
                                                                summary = "An image URL that may not be fetched",
                                                                value =
                                                                        "{\"error\":{\"code\":\"url_not_allowed\",\"message\":\"image urls must use https; got \\\"ftp://\\\"\"}}")
                                                    })),
                            @APIResponse(
                                    name = ApiDocument.UNAUTHORIZED,
                                    description = "API keys are on and the bearer key is missing or unknown",
                                    content =
                                            @Content(
                                                    mediaType = "application/json",
                                                    schema = @Schema(implementation = ErrorMapper.ErrorBody.class),
                                                    examples =
                                                            @ExampleObject(
                                                                    name = "unauthorized",
                                                                    value =
                                                                            "{\"error\":{\"code\":\"unauthorized\",\"message\":\"this API needs an API key: Authorization: Bearer <key>\"}}"))),
                            @APIResponse(
                                    name = ApiDocument.NOT_FOUND,
                                    description =
                                            "No such job for this caller (another owner's job is not found either)",
                                    content =
                                            @Content(
                                                    mediaType = "application/json",
                                                    schema = @Schema(implementation = ErrorMapper.ErrorBody.class),
                                                    examples =
                                                            @ExampleObject(
                                                                    name = "job_not_found",
                                                                    value =
                                                                            "{\"error\":{\"code\":\"job_not_found\",\"message\":\"no job with id job_aaaaaaaaaaaaaaaaaaaaaaaaaa\"}}"))),
                            @APIResponse(
                                    name = ApiDocument.CONFLICT,
                                    description =
                                            "The job is not in a state that allows this, or an Idempotency-Key was reused with another body",
                                    content =
                                            @Content(
                                                    mediaType = "application/json",
                                                    schema = @Schema(implementation = ErrorMapper.ErrorBody.class),
                                                    examples =
                                                            @ExampleObject(
                                                                    name = "conflict",
                                                                    value =
                                                                            "{\"error\":{\"code\":\"conflict\",\"message\":\"job job_aaaaaaaaaaaaaaaaaaaaaaaaaa is already SUCCEEDED; only queued or running jobs can be canceled\"}}"))),
                            @APIResponse(
                                    name = ApiDocument.TOO_LARGE,
                                    description = "A file or the request body is over its limit",
                                    content =
                                            @Content(
                                                    mediaType = "application/json",
                                                    schema = @Schema(implementation = ErrorMapper.ErrorBody.class),
                                                    examples =
                                                            @ExampleObject(
                                                                    name = "file_too_large",
                                                                    value =
                                                                            "{\"error\":{\"code\":\"file_too_large\",\"message\":\"image is 209715201 bytes; the limit is 209715200 bytes\"}}"))),
                            @APIResponse(
                                    name = ApiDocument.UNSUPPORTED,
                                    description =
                                            "The Content-Type, or an image's format (sniffed from its bytes), is not supported",
                                    content =
                                            @Content(
                                                    mediaType = "application/json",
                                                    schema = @Schema(implementation = ErrorMapper.ErrorBody.class),
                                                    examples = {
                                                        @ExampleObject(
                                                                name = "unsupported_media_type",
                                                                value =
                                                                        "{\"error\":{\"code\":\"unsupported_media_type\",\"message\":\"unsupported Content-Type; send application/json (or multipart/form-data to POST /v1/jobs)\"}}"),
                                                        @ExampleObject(
                                                                name = "unsupported_format",
                                                                value =
                                                                        "{\"error\":{\"code\":\"unsupported_format\",\"message\":\"\\\"notes.jpg\\\" is not a supported image; supported formats: JPG, PNG, WEBP, HEIC, AVIF, GIF, MP3, WAV, M4A, AAC\"}}")
                                                    })),
                            @APIResponse(
                                    name = ApiDocument.UNPROCESSABLE,
                                    description =
                                            "An image that cannot be used: truncated, damaged, or too many pixels",
                                    content =
                                            @Content(
                                                    mediaType = "application/json",
                                                    schema = @Schema(implementation = ErrorMapper.ErrorBody.class),
                                                    examples = {
                                                        @ExampleObject(
                                                                name = "corrupt_image",
                                                                value =
                                                                        "{\"error\":{\"code\":\"corrupt_image\",\"message\":\"image \\\"ladybird.jpg\\\" cannot be used: the JPEG file is truncated or damaged: it ends before its end-of-image marker\"}}"),
                                                        @ExampleObject(
                                                                name = "image_too_large",
                                                                value =
                                                                        "{\"error\":{\"code\":\"image_too_large\",\"message\":\"image is 100000x100000 (10000000 MP); the limit is 200 MP\"}}")
                                                    })),
                            @APIResponse(
                                    name = ApiDocument.UNAVAILABLE,
                                    description = "Storage or the queue is briefly unavailable; retry",
                                    content =
                                            @Content(
                                                    mediaType = "application/json",
                                                    schema = @Schema(implementation = ErrorMapper.ErrorBody.class),
                                                    examples =
                                                            @ExampleObject(
                                                                    name = "storage_unavailable",
                                                                    value =
                                                                            "{\"error\":{\"code\":\"storage_unavailable\",\"message\":\"storage is unavailable; try again\"}}"))),
                            @APIResponse(
                                    name = ApiDocument.NOT_IMPLEMENTED,
                                    description = "Not offered by this deployment's video backend",
                                    content =
                                            @Content(
                                                    mediaType = "application/json",
                                                    schema = @Schema(implementation = ErrorMapper.ErrorBody.class),
                                                    examples =
                                                            @ExampleObject(
                                                                    name = "not_supported",
                                                                    value =
                                                                            "{\"error\":{\"code\":\"not_supported\",\"message\":\"credits are not available for this deployment's video backend\"}}")))
                        }))
public class ApiDocument extends Application {
    static final String BEARER = "bearer";
    static final String JOBS = "jobs";
    static final String UPLOADS = "uploads";
    static final String ACCOUNT = "account";

    static final String BAD_REQUEST = "BadRequest";
    static final String UNAUTHORIZED = "Unauthorized";
    static final String NOT_FOUND = "NotFound";
    static final String CONFLICT = "Conflict";
    static final String TOO_LARGE = "TooLarge";
    static final String UNSUPPORTED = "Unsupported";
    static final String UNPROCESSABLE = "Unprocessable";
    static final String UNAVAILABLE = "Unavailable";
    static final String NOT_IMPLEMENTED = "NotImplemented";

    static final String REF = "#/components/responses/";
}
