package io.colortracking.ingest.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Lets the browser page that sent a request read the answer, errors included (a tracker must see
 * a 429's {@code Retry-After}). Not for an origin the key refused: that page learns nothing.
 * Which origins a key allows is checked in {@link EventsResource}; a preflight carries no key, so
 * it is answered for any origin.
 */
public class CorsHeaders {

    static final String ALLOWED_HEADERS = "Content-Type, X-API-Key, Authorization";

    @ServerResponseFilter
    public void allowTheCallingPage(ContainerRequestContext request, ContainerResponseContext response) {
        if (!request.getUriInfo().getPath().startsWith("/v1/")) {
            return;
        }
        response.getHeaders().putSingle("Vary", "Origin");
        String origin = request.getHeaderString("Origin");
        // 403 is only ever the answer to an origin the key does not allow
        if (origin == null || response.getStatus() == 403) {
            return;
        }
        response.getHeaders().putSingle("Access-Control-Allow-Origin", origin);
        response.getHeaders().putSingle("Access-Control-Expose-Headers", "Retry-After");
    }
}
