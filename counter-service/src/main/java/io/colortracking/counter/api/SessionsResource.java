package io.colortracking.counter.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.colortracking.common.Problems;
import io.colortracking.common.keys.ApiKeys;
import io.colortracking.common.keys.KeyIdentity;
import io.colortracking.common.keys.RequestKeys;
import io.colortracking.counter.replay.ReplayStore;
import io.colortracking.events.PointerChunk;
import io.colortracking.events.PointerSample;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Recorded sessions (pointer tracks), for replay: private, read only with the key's read token
 * ({@code Authorization: Bearer READ_TOKEN}) or the admin token with {@code ?api_key=}; the public
 * key every page carries gets 401. Never cached by a browser or proxy.
 */
@Path("/v1/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    public record SessionList(@JsonProperty("sessions") List<Listed> sessions) {}

    public record Listed(
            @JsonProperty("session") UUID session,
            @JsonProperty("page") String page,
            @JsonProperty("started_at") Instant startedAt,
            @JsonProperty("ended_at") Instant endedAt,
            @JsonProperty("samples") int samples,
            @JsonProperty("clicks") int clicks) {}

    public record Replay(
            @JsonProperty("session") UUID session,
            @JsonProperty("page") String page,
            @JsonProperty("viewport") PointerChunk.Viewport viewport,
            @JsonProperty("started_at") Instant startedAt,
            @JsonProperty("samples") List<PointerSample> samples) {}

    private final ReplayStore store;
    private final SecurityIdentity identity;
    private final AdminToken admin;
    private final ApiKeys keys;

    public SessionsResource(ReplayStore store, SecurityIdentity identity, AdminToken admin, ApiKeys keys) {
        this.store = store;
        this.identity = identity;
        this.admin = admin;
        this.keys = keys;
    }

    @GET
    @Operation(
            summary = "Recorded sessions, newest first",
            description = "from/to: ISO-8601 instants bounding when sessions started (default: the last 7 days); "
                    + "limit 1 to 500 (default 50). Needs the key's read token.")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "A parameter is invalid")
    @APIResponse(responseCode = "401", description = "No valid read token (the public key is not enough)")
    public Response list(
            @HeaderParam("Authorization") String authorization,
            @QueryParam("api_key") String apiKey,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("limit") String limit)
            throws SQLException {
        Reader reader = reader(authorization, apiKey);
        if (reader.refusal() != null) {
            return reader.refusal();
        }
        Instant now = Instant.now();
        Instant start;
        Instant end;
        int most;
        try {
            start = from == null ? now.minus(7, ChronoUnit.DAYS) : Instant.parse(from);
            end = to == null ? now.plus(1, ChronoUnit.DAYS) : Instant.parse(to);
        } catch (DateTimeParseException e) {
            return Problems.of(
                    Response.Status.BAD_REQUEST,
                    "'from' and 'to' must be ISO-8601 instants such as 2026-11-30T10:00:00Z");
        }
        try {
            most = limit == null ? DEFAULT_LIMIT : Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            most = -1;
        }
        if (most < 1 || most > MAX_LIMIT) {
            return Problems.of(Response.Status.BAD_REQUEST, "'limit' must be a whole number from 1 to " + MAX_LIMIT);
        }
        if (!start.isBefore(end)) {
            return Problems.of(Response.Status.BAD_REQUEST, "'from' must be before 'to'");
        }
        List<Listed> sessions = store.sessions(reader.apiKey(), start, end, most).stream()
                .map(s -> new Listed(s.session(), s.page(), s.startedAt(), s.endedAt(), s.samples(), s.clicks()))
                .toList();
        return privately(Response.ok(new SessionList(sessions)));
    }

    @GET
    @Path("/{session}")
    @Operation(summary = "A session's samples, in order, for replay", description = "Needs the key's read token.")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "401", description = "No valid read token (the public key is not enough)")
    @APIResponse(responseCode = "404", description = "No such session (never recorded, expired or deleted)")
    public Response replay(
            @HeaderParam("Authorization") String authorization,
            @QueryParam("api_key") String apiKey,
            @PathParam("session") String session)
            throws SQLException {
        Reader reader = reader(authorization, apiKey);
        if (reader.refusal() != null) {
            return reader.refusal();
        }
        Optional<UUID> id = sessionId(session);
        Optional<ReplayStore.Replay> replay = id.isEmpty() ? Optional.empty() : store.replay(reader.apiKey(), id.get());
        if (replay.isEmpty()) {
            return notFound(session);
        }
        ReplayStore.Replay found = replay.get();
        return privately(Response.ok(
                new Replay(found.session(), found.page(), found.viewport(), found.startedAt(), found.samples())));
    }

    @DELETE
    @Path("/{session}")
    @Operation(
            summary = "Delete a recorded session",
            description = "Gone from the API at once; chunks of it still on their way are not stored.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "401", description = "No valid read token (the public key is not enough)")
    @APIResponse(responseCode = "404", description = "No such session")
    public Response delete(
            @HeaderParam("Authorization") String authorization,
            @QueryParam("api_key") String apiKey,
            @PathParam("session") String session)
            throws SQLException {
        Reader reader = reader(authorization, apiKey);
        if (reader.refusal() != null) {
            return reader.refusal();
        }
        Optional<UUID> id = sessionId(session);
        if (id.isEmpty() || !store.delete(reader.apiKey(), id.get())) {
            return notFound(session);
        }
        return Response.noContent().build();
    }

    /** Whose sessions the request may read, or the answer refusing it. */
    private record Reader(String apiKey, Response refusal) {}

    /**
     * The key whose read token the request carries (checked for every {@code /v1/sessions} request
     * by the one key check, {@link RequestKeys#admitReader}), or, with the admin token, the key
     * named by {@code ?api_key=}.
     */
    private Reader reader(String authorization, String apiKey) {
        RequestKeys.Admission admission = KeyIdentity.admission(identity);
        if (admission.readsBehaviour()) {
            return new Reader(admission.key().apiKey(), null);
        }
        if (apiKey != null && authorization != null && admin.isAdmin(authorization)) {
            if (keys.active(apiKey.strip()).isPresent()) {
                return new Reader(apiKey.strip(), null);
            }
            return new Reader(null, Problems.of(Response.Status.NOT_FOUND, "No active key named '" + apiKey + "'"));
        }
        // a key admitted any other way (its public form) never reads behaviour
        Response refusal = admission.admitted()
                ? Problems.of(Response.Status.UNAUTHORIZED, RequestKeys.NO_READ_TOKEN)
                : admission.problem();
        return new Reader(
                null,
                Response.fromResponse(refusal)
                        .header("WWW-Authenticate", "Bearer")
                        .build());
    }

    private static Optional<UUID> sessionId(String session) {
        try {
            return Optional.of(UUID.fromString(session));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Response notFound(String session) {
        String shown = session.length() <= 64 ? session : session.substring(0, 64) + "…";
        return Problems.of(
                Response.Status.NOT_FOUND, "No session '" + shown + "' (never recorded, expired or deleted)");
    }

    private static Response privately(Response.ResponseBuilder response) {
        return response.header("Cache-Control", "no-store").build();
    }
}
