package io.i2v.api;

import io.i2v.core.auth.ApiKeys;
import io.i2v.core.error.I2vException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every {@code /v1} request names its caller: the owner of its bearer API key, or the one
 * anonymous owner when keys are off. Resources read it from the {@link SecurityContext}.
 * (IAM auth at the AWS edge, when configured, comes on top of this.)
 */
public class ApiKeyFilter {
    private final ApiKeys keys;

    public ApiKeyFilter(ApiKeys keys) {
        this.keys = keys;
    }

    @ServerRequestFilter
    public Response authenticate(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/v1")) {
            return null; // health, metrics, OpenAPI
        }
        String owner;
        try {
            owner = keys.owner(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        } catch (I2vException e) {
            return Response.fromResponse(ErrorMapper.body(401, e.code().code(), e.getMessage()))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .build();
        }
        request.setSecurityContext(new Caller(owner, keys.enabled()));
        return null;
    }

    /** The authenticated caller: its owner name is the principal. */
    record Caller(String owner, boolean secure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return () -> owner;
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return secure ? "Bearer" : null;
        }
    }

    /** Whose jobs the caller may read and change: its owner with keys on; null (all) with keys off. */
    static String scope(SecurityContext context) {
        return context != null && "Bearer".equals(context.getAuthenticationScheme()) ? owner(context) : null;
    }

    /** The owner of the current request (the anonymous owner if no filter ran). */
    static String owner(SecurityContext context) {
        return context == null || context.getUserPrincipal() == null
                ? ApiKeys.ANONYMOUS
                : context.getUserPrincipal().getName();
    }
}
