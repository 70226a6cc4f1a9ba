package io.colortracking.ingest.api;

import io.colortracking.common.Problems;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Errors raised before a resource method runs still answer with a problem detail. */
public class ProblemMappers {

    static final String ACCEPTED_TYPES = "application/json, text/plain holding JSON (as navigator.sendBeacon sends), "
            + "or application/x-www-form-urlencoded with action_color[action_name] and action_color[color_name]";

    private final IngestMetrics metrics;

    public ProblemMappers(IngestMetrics metrics) {
        this.metrics = metrics;
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e, HttpHeaders headers) {
        String type = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        return refuse(
                Refusal.UNSUPPORTED_MEDIA_TYPE,
                (type == null
                                ? "The request has no Content-Type"
                                : "Content-Type '" + truncate(type) + "' is not accepted")
                        + "; send " + ACCEPTED_TYPES);
    }

    @ServerExceptionMapper
    public Response methodNotAllowed(NotAllowedException e) {
        Response problem = refuse(
                Refusal.METHOD_NOT_ALLOWED,
                "This method is not allowed here; allowed: "
                        + String.join(", ", e.getResponse().getAllowedMethods()));
        return Response.fromResponse(problem)
                .allow(e.getResponse().getAllowedMethods())
                .build();
    }

    @ServerExceptionMapper
    public Response other(WebApplicationException e) {
        Response problem = Problems.of(e);
        if (problem.getStatus() < 500) {
            metrics.refused(Refusal.of(problem.getStatus()));
        }
        return problem;
    }

    private Response refuse(Refusal refusal, String detail) {
        metrics.refused(refusal);
        return Problems.of(refusal.status, detail);
    }

    private static String truncate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
