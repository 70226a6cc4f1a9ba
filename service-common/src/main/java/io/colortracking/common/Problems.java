package io.colortracking.common;

import jakarta.ws.rs.core.Response;
import java.time.Duration;

/** problem+json responses, the same in every service. */
public final class Problems {

    private Problems() {}

    public static Response of(Response.Status status, String detail) {
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(status.getStatusCode(), status.getReasonPhrase(), detail))
                .build();
    }

    /**
     * The problem detail for an error JAX-RS raised before a resource method ran (404, 405 with
     * its {@code Allow}, 406, ...); a server error or an unknown status passes through unchanged.
     */
    public static Response of(jakarta.ws.rs.WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        if (known == null || status >= 500) {
            return e.getResponse();
        }
        return Response.fromResponse(of(known, e.getMessage()))
                .allow(e.getResponse().getAllowedMethods())
                .build();
    }

    /** 503 with {@code Retry-After}. */
    public static Response unavailable(String detail, Duration retryAfter) {
        return retryLater(Response.Status.SERVICE_UNAVAILABLE, detail, retryAfter);
    }

    /** A problem with {@code Retry-After} in whole seconds, rounded up (at least one). */
    public static Response retryLater(Response.Status status, String detail, Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return Response.fromResponse(of(status, detail))
                .header("Retry-After", seconds)
                .build();
    }
}
