package io.colortracking.common;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/**
 * CORS the same in every service. A preflight carries no key, so it is answered for any origin
 * and cached; which origins a key allows is enforced on the request itself. Every answer to an
 * API request is readable by the page that made it, errors included: a page whose origin its key
 * refuses reads the 403's detail (and a tracker stops retrying) instead of a bare network error.
 */
public final class Cors {

    public static final String ALLOWED_HEADERS = "Content-Type, X-API-Key, Authorization, If-None-Match";

    private Cors() {
    }

    public static Response preflight(String origin, String methods, Duration maxAge) {
        return Response.noContent()
                .header("Access-Control-Allow-Origin", origin == null ? "*" : origin)
                .header("Access-Control-Allow-Methods", methods)
                .header("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                .header("Access-Control-Max-Age", maxAge.toSeconds())
                .header("Vary", "Origin")
                .build();
    }

    /** Lets the calling page read the answer of a {@code /v1/} request, and the listed headers. */
    public static void allowCallingPage(ContainerRequestContext request, ContainerResponseContext response,
            String exposedHeaders) {
        if (!request.getUriInfo().getPath().startsWith("/v1/")) {
            return;
        }
        response.getHeaders().putSingle("Vary", "Origin");
        String origin = request.getHeaderString("Origin");
        if (origin == null) {
            return;
        }
        response.getHeaders().putSingle("Access-Control-Allow-Origin", origin);
        response.getHeaders().putSingle("Access-Control-Expose-Headers", exposedHeaders);
    }
}
