package io.colortracking.counter.api;

import io.colortracking.common.ApiKeyCredentials;
import io.colortracking.common.Problems;
import io.colortracking.counter.domain.CountsReader;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Context;
import java.sql.SQLException;
import java.util.Optional;

/** {@code GET /v1/counts}: the caller's counts, cheap to poll with {@code If-None-Match}. */
@Path("/v1/counts")
public class CountsResource {

    private final CountsReader reader;

    public CountsResource(CountsReader reader) {
        this.reader = reader;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response counts(@Context Request request,
            @HeaderParam("X-API-Key") String apiKeyHeader,
            @HeaderParam("Authorization") String authorization,
            @QueryParam("api_key") String apiKeyParameter) throws SQLException {
        Optional<String> apiKey;
        try {
            apiKey = ApiKeyCredentials.extract(apiKeyHeader, authorization, apiKeyParameter);
        } catch (IllegalArgumentException e) {
            return Problems.of(Response.Status.UNAUTHORIZED, e.getMessage());
        }
        if (apiKey.isEmpty()) {
            return Problems.of(Response.Status.UNAUTHORIZED, ApiKeyCredentials.MISSING);
        }
        CountsReader.TenantCounts counts = reader.read(apiKey.get());
        EntityTag tag = new EntityTag(apiKey.get() + "-" + counts.version());
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
        if (unchanged != null) {
            return unchanged.build();
        }
        return Response.ok(CountsResponse.from(counts)).tag(tag).header("Cache-Control", "no-cache").build();
    }
}
