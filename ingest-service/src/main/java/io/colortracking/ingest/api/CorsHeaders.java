package io.colortracking.ingest.api;

import io.colortracking.common.Cors;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** CORS on every answer (see {@link Cors}); a tracker must be able to read a 429's Retry-After. */
public class CorsHeaders {

    @ServerResponseFilter
    public void allowTheCallingPage(ContainerRequestContext request, ContainerResponseContext response) {
        Cors.allowCallingPage(request, response, "Retry-After");
    }
}
