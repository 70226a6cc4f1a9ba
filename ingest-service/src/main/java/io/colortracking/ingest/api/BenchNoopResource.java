package io.colortracking.ingest.api;

import io.colortracking.common.Problems;
import io.colortracking.ingest.config.IngestConfig;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code POST /bench/noop}: the ceiling of benchmark P2. Same server, same route machinery and
 * the same body read as {@code POST /v1/events}, then the same 202 answer, without parsing,
 * checking a key or producing. 404 unless {@code COLORTRACKING_BENCH_NOOP_ENDPOINT=true}.
 */
@Path("/bench/noop")
public class BenchNoopResource {

    private static final IngestResult ACCEPTED = new IngestResult(1, 0, List.of());

    private final boolean enabled;

    public BenchNoopResource(IngestConfig config) {
        this.enabled = config.bench().noopEndpoint();
    }

    @POST
    @NonBlocking
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response noop(byte[] body) {
        if (!enabled) {
            return Problems.of(Response.Status.NOT_FOUND, "Not found");
        }
        return Response.accepted(ACCEPTED).build();
    }
}
