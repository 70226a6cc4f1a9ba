package io.colortracking.counter.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.colortracking.common.Problems;
import io.colortracking.counter.config.CounterConfig;
import io.colortracking.counter.counting.CountsReader;
import io.colortracking.events.Action;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The seed's read endpoint, so clients written for it work unchanged:
 * {@code GET /v1/events?action_name=click} → {@code {"results": [{"action","color","amount"}...]}}.
 * (A gateway sends {@code POST /v1/events} to ingest-service and {@code GET} here.)
 */
@Path("/v1/events")
public class SeedEventsResource {

    public record Result(
            @JsonProperty("action") String action,
            @JsonProperty("color") String color,
            @JsonProperty("amount") long amount) {}

    public record Results(@JsonProperty("results") List<Result> results) {}

    private final CountsReader reader;
    private final Tenant tenant;
    private final CounterConfig config;

    public SeedEventsResource(CountsReader reader, Tenant tenant, CounterConfig config) {
        this.reader = reader;
        this.tenant = tenant;
        this.config = config;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Seed-compatible counts of one action, every palette color included")
    public Response results(@QueryParam("action_name") String actionName) {
        Tenant.Resolved caller = tenant.resolve();
        if (caller.refusal() != null) {
            return caller.refusal();
        }
        Action action = actionName == null ? null : Action.fromWireName(actionName);
        if (action == null) {
            return Problems.of(Response.Status.BAD_REQUEST, "'action_name' must be click or hover");
        }
        List<Result> results = new ArrayList<>();
        reader.read(caller.apiKey())
                .counts()
                .get(action)
                .forEach((color, amount) -> results.add(new Result(action.wireName(), color, amount)));
        return Response.ok(new Results(results))
                .header("Cache-Control", "no-cache")
                .build();
    }
}
