package io.colortracking.common;

import jakarta.ws.rs.core.Response;
import java.time.Duration;

/** problem+json responses, the same in every service. */
public final class Problems {

    private Problems() {
    }

    public static Response of(Response.Status status, String detail) {
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(status.getStatusCode(), status.getReasonPhrase(), detail))
                .build();
    }

    /** 503 with {@code Retry-After} in whole seconds (at least one). */
    public static Response unavailable(String detail, Duration retryAfter) {
        return Response.fromResponse(of(Response.Status.SERVICE_UNAVAILABLE, detail))
                .header("Retry-After", Math.max(1, retryAfter.toSeconds()))
                .build();
    }
}
