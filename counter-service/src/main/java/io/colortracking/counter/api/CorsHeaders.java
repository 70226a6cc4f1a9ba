package io.colortracking.counter.api;

import io.colortracking.common.Cors;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** CORS on every answer (see {@link Cors}); a polling page needs the ETag. */
public class CorsHeaders {

    @ServerResponseFilter
    public void allowTheCallingPage(ContainerRequestContext request, ContainerResponseContext response) {
        Cors.allowCallingPage(request, response, "ETag, Retry-After");
    }
}
