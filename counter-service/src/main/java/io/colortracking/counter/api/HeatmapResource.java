package io.colortracking.counter.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.common.Problems;
import io.colortracking.counter.config.CounterConfig;
import io.colortracking.counter.counting.HeatmapGrid;
import io.colortracking.counter.counting.HeatmapReader;
import io.colortracking.events.Action;
import io.colortracking.events.ColorEventRules;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The caller's heatmaps: where in an area its events with a position fell, exactly as counted, per
 * UTC day (the last {@link #DEFAULT_DAYS} days unless asked otherwise) or all time.
 */
@Path("/v1/heatmap")
public class HeatmapResource {

    static final int DEFAULT_DAYS = 30;
    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);
    private static final LocalDate LATEST = LocalDate.of(9999, 1, 1);

    private final HeatmapReader reader;
    private final Tenant tenant;
    private final CounterConfig config;
    private final ObjectMapper mapper;
    private final Clock clock = Clock.systemUTC();

    public HeatmapResource(HeatmapReader reader, Tenant tenant, CounterConfig config, ObjectMapper mapper) {
        this.reader = reader;
        this.tenant = tenant;
        this.config = config;
        this.mapper = mapper;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Where in an area the events fell: the non-zero cells of its grid, [bx, by, count]",
            description = "Cells of a 32 x 32 grid over the area (bx = min(31, floor(x * 32))), per UTC day of "
                    + "receipt (kept 90 days) summed from 'from' to 'to' inclusive (default: the last 30 days), "
                    + "or all time with range=all; all colors summed unless 'color' is given; a lower "
                    + "resolution (16, 8, 4, 2, 1) sums whole blocks of cells. Sorted by by, then bx. "
                    + "An area nothing was counted in has no cells. Answers 304 when If-None-Match carries the "
                    + "current ETag.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = HeatmapResponse.class)))
    @APIResponse(responseCode = "304", description = "Unchanged since the ETag sent")
    @APIResponse(responseCode = "400", description = "A parameter is missing or invalid")
    @APIResponse(responseCode = "401", description = "No key, or an unknown or revoked key")
    @APIResponse(responseCode = "403", description = "The page's Origin is not allowed for this key")
    public Response heatmap(
            @QueryParam("area") String area,
            @QueryParam("action") String actionName,
            @QueryParam("color") String color,
            @QueryParam("from") String fromText,
            @QueryParam("to") String toText,
            @QueryParam("range") String range,
            @QueryParam("resolution") String resolutionText,
            @Context Request request) {
        Tenant.Resolved caller = tenant.resolve();
        if (caller.refusal() != null) {
            return caller.refusal();
        }
        if (!ColorEventRules.isAreaName(area)) {
            return badRequest("'area' is required: " + ColorEventRules.AREA_GRAMMAR + " (the page's data-ct-area)");
        }
        Action action = actionName == null ? null : Action.fromWireName(actionName);
        if (action == null) {
            return badRequest("'action' must be click or hover");
        }
        if (color != null && !config.palette().contains(color)) {
            return badRequest("'color' must be one of " + String.join(", ", config.palette()));
        }
        int resolution;
        try {
            resolution = resolutionText == null ? 32 : Integer.parseInt(resolutionText);
        } catch (NumberFormatException e) {
            resolution = -1;
        }
        if (!HeatmapGrid.RESOLUTIONS.contains(resolution)) {
            return badRequest("'resolution' must be 32, 16, 8, 4, 2 or 1");
        }
        HeatmapResponse answer;
        if (range != null) {
            if (!range.equals("all")) {
                return badRequest("'range' can only be all (the all-time heatmap); for days, give 'from' and 'to'");
            }
            if (fromText != null || toText != null) {
                return badRequest("'range=all' takes no 'from' or 'to'");
            }
            answer = HeatmapResponse.from(
                    caller.apiKey(),
                    area,
                    action,
                    color,
                    null,
                    null,
                    reader.allTime(caller.apiKey(), area, action, color, resolution));
        } else {
            LocalDate from;
            LocalDate to;
            try {
                to = toText == null ? LocalDate.now(clock.withZone(ZoneOffset.UTC)) : day(toText);
                from = fromText == null ? to.minusDays(DEFAULT_DAYS - 1) : day(fromText);
            } catch (DateTimeParseException e) {
                return badRequest("'from' and 'to' must be UTC days such as 2026-11-30");
            }
            if (from.isBefore(EARLIEST) || to.isAfter(LATEST)) {
                return badRequest("'from' and 'to' must lie between the years 2000 and 9999");
            }
            if (from.isAfter(to)) {
                return badRequest("'from' must not lie after 'to'");
            }
            answer = HeatmapResponse.from(
                    caller.apiKey(),
                    area,
                    action,
                    color,
                    from,
                    to,
                    reader.days(caller.apiKey(), area, action, color, from, to, resolution));
        }
        byte[] body = json(answer);
        EntityTag tag = new EntityTag(digest(body));
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
        if (unchanged != null) {
            return unchanged.header("Cache-Control", "no-cache").build();
        }
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE)
                .tag(tag)
                .header("Cache-Control", "no-cache")
                .build();
    }

    private static LocalDate day(String text) {
        if (!DAY.matcher(text).matches()) {
            throw new DateTimeParseException("not YYYY-MM-DD", text, 0);
        }
        return LocalDate.parse(text);
    }

    private byte[] json(HeatmapResponse answer) {
        try {
            return mapper.writeValueAsBytes(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The tag of an answer is its content's: it changes exactly when the heatmap does. */
    private static String digest(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response badRequest(String detail) {
        return Problems.of(Response.Status.BAD_REQUEST, detail);
    }
}
