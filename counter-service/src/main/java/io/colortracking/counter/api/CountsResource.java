package io.colortracking.counter.api;

import io.colortracking.common.Problems;
import io.colortracking.counter.config.CounterConfig;
import io.colortracking.counter.counting.CountsReader;
import io.colortracking.counter.persistence.Granularity;
import io.colortracking.events.Action;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The caller's counts: totals (cheap to poll with {@code If-None-Match}) and time series. */
@Path("/v1/counts")
public class CountsResource {

    /** Most buckets one series request may ask for. */
    static final int MAX_BUCKETS = 3600;

    static final int DEFAULT_BUCKETS = 60;
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-01-01T00:00:00Z");

    private final CountsReader reader;
    private final Tenant tenant;
    private final CounterConfig config;

    public CountsResource(CountsReader reader, Tenant tenant, CounterConfig config) {
        this.reader = reader;
        this.tenant = tenant;
        this.config = config;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "The caller's counts, every palette color included",
            description = "Answers 304 when If-None-Match carries the current ETag.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CountsResponse.class)))
    @APIResponse(responseCode = "304", description = "Unchanged since the ETag sent")
    @APIResponse(responseCode = "401", description = "No key, or an unknown or revoked key")
    @APIResponse(responseCode = "403", description = "The page's Origin is not allowed for this key")
    @APIResponse(responseCode = "503", description = "The database is unavailable")
    public Response counts(@Context Request request) {
        Tenant.Resolved caller = tenant.resolve();
        if (caller.refusal() != null) {
            return caller.refusal();
        }
        CountsReader.TenantCounts counts = reader.read(caller.apiKey());
        EntityTag tag = new EntityTag(caller.apiKey() + "-" + counts.version());
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
        if (unchanged != null) {
            return unchanged.build();
        }
        return Response.ok(CountsResponse.from(counts))
                .tag(tag)
                .header("Cache-Control", "no-cache")
                .build();
    }

    @GET
    @Path("/series")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Counts per time bucket for one action, per palette color, zeros included",
            description = "Buckets by the time the server received the events: 1s (kept 1 h), 1m (kept 7 days), "
                    + "1h (kept 90 days). Default range: the last 60 buckets. At most 3600 buckets per request.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SeriesResponse.class)))
    @APIResponse(responseCode = "400", description = "A parameter is missing or invalid")
    @APIResponse(responseCode = "401", description = "No key, or an unknown or revoked key")
    public Response series(
            @QueryParam("action") String actionName,
            @QueryParam("bucket") String bucket,
            @QueryParam("from") String fromText,
            @QueryParam("to") String toText) {
        Tenant.Resolved caller = tenant.resolve();
        if (caller.refusal() != null) {
            return caller.refusal();
        }
        Action action = actionName == null ? null : Action.fromWireName(actionName);
        if (action == null) {
            return badRequest("'action' must be click or hover");
        }
        Granularity granularity = Granularity.fromLabel(bucket == null ? "1s" : bucket);
        if (granularity == null) {
            return badRequest("'bucket' must be 1s, 1m or 1h");
        }
        Instant to;
        Instant from;
        try {
            to = toText == null ? Instant.now() : Instant.parse(toText);
            // to is rounded up to a bucket boundary, so the bucket holding it is whole
            Instant start = granularity.bucketOf(to);
            to = start.equals(to) ? to : start.plus(granularity.size());
            from = fromText == null
                    ? to.minus(granularity.size().multipliedBy(DEFAULT_BUCKETS))
                    : Instant.parse(fromText);
            from = granularity.bucketOf(from);
        } catch (DateTimeParseException e) {
            return badRequest("'from' and 'to' must be ISO-8601 UTC timestamps such as 2026-11-27T10:15:30Z");
        } catch (java.time.DateTimeException | ArithmeticException e) {
            return badRequest("'from' and 'to' must lie between the years 2000 and 9999");
        }
        if (from.isBefore(EARLIEST) || to.isAfter(LATEST)) {
            return badRequest("'from' and 'to' must lie between the years 2000 and 9999");
        }
        if (!from.isBefore(to)) {
            return badRequest("'from' must lie before 'to'");
        }
        long buckets = Duration.between(from, to).dividedBy(granularity.size());
        if (buckets > MAX_BUCKETS) {
            return badRequest("At most " + MAX_BUCKETS + " buckets per request; this range holds " + buckets);
        }
        return Response.ok(SeriesResponse.from(
                        caller.apiKey(),
                        action,
                        granularity,
                        from,
                        to,
                        reader.series(caller.apiKey(), action, granularity, from, to),
                        config.palette()))
                .header("Cache-Control", "no-cache")
                .build();
    }

    private static Response badRequest(String detail) {
        return Problems.of(Response.Status.BAD_REQUEST, detail);
    }
}
