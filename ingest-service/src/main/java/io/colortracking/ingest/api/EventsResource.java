package io.colortracking.ingest.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.colortracking.common.Problem;
import io.colortracking.common.Problems;
import io.colortracking.common.keys.KeyIdentity;
import io.colortracking.common.keys.RequestKeys;
import io.colortracking.events.ApiKey;
import io.colortracking.events.ColorEvent;
import io.colortracking.ingest.config.IngestConfig;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /v1/events}: one event, {@code {"events": [...]}}, or the seed's form. Runs on the
 * event loop and never blocks it: parsing is in memory and the produce completes asynchronously.
 * Checks in order: key (401), origin (403), body (400/413), rate (429), then Kafka (202 or 503);
 * what Quarkus routes before this method (405, 415, an announced body over the limit: 413) comes first.
 */
@Path("/v1/events")
@Tag(name = "events", description = "Ingestion of click and hover events")
public class EventsResource {

    static final String FORM_ACTION = "action_color[action_name]";
    static final String FORM_COLOR = "action_color[color_name]";
    private final Submission submission;
    private final IngestConfig config;
    private final SecurityIdentity identity;
    private final IngestMetrics metrics;
    private final BatchBody batchBody;
    private final EventParser parser;

    public EventsResource(
            Submission submission, IngestConfig config, SecurityIdentity identity, IngestMetrics metrics) {
        this.submission = submission;
        this.config = config;
        this.identity = identity;
        this.metrics = metrics;
        this.batchBody = new BatchBody(config.maxBatchSize());
        this.parser = new EventParser(new LinkedHashSet<>(config.palette()), config.maxClockSkew(), Clock.systemUTC());
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Ingest one event or a batch",
            description = "Answers 202 only once Kafka acknowledged every accepted event. Valid events of a batch "
                    + "are accepted even when others are rejected (reported by index); 400 only when none is valid. "
                    + "text/plain is read as JSON, for navigator.sendBeacon. Send an id per event to make retries "
                    + "safe: an id is counted once.")
    @RequestBody(
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        examples = {
                            @ExampleObject(
                                    name = "one event",
                                    value = "{\"id\": \"3f0c9a52-1c1e-4b59-9e0e-2f6b1d6a7c11\", "
                                            + "\"action\": \"click\", \"color\": \"red\", \"occurred_at\": \"2026-11-27T10:15:30Z\", "
                                            + "\"page\": \"https://shop.example/\", \"x\": 0.25, \"y\": 0.5}"),
                            @ExampleObject(
                                    name = "batch",
                                    value = "{\"events\": [{\"action\": \"hover\", \"color\": \"blue\"}, "
                                            + "{\"action\": \"click\", \"color\": \"green\"}]}")
                        }),
                @Content(mediaType = MediaType.TEXT_PLAIN)
            })
    @APIResponse(
            responseCode = "202",
            description = "Accepted events are durably in Kafka",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = IngestResult.class)))
    @APIResponse(
            responseCode = "400",
            description = "Malformed JSON, or no valid event (a batch lists every error in 'rejected')",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = InvalidBatchProblem.class)))
    @APIResponse(
            responseCode = "401",
            description = "No key, a malformed key, or an unknown or revoked key",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(
            responseCode = "403",
            description = "The page's Origin is not allowed for this key",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(
            responseCode = "413",
            description = "More than 500 events, or a body over 256 KiB",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(
            responseCode = "415",
            description = "Another content type",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(
            responseCode = "429",
            description = "The key's rate limit; see the Retry-After header",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(
            responseCode = "503",
            description =
                    "Kafka did not acknowledge in time (at most 1.5 s): the events may not be stored; send them again with the same ids after the Retry-After header's delay",
            content = @Content(mediaType = "application/problem+json"))
    @Parameter(name = "X-API-Key", in = ParameterIn.HEADER, description = "The API key")
    @Parameter(name = "Authorization", in = ParameterIn.HEADER, description = "'Token token=KEY' or 'Bearer KEY'")
    @Parameter(
            name = "api_key",
            in = ParameterIn.QUERY,
            description = "The API key, for clients that cannot set headers")
    public Uni<Response> ingest(byte[] body) {
        Admission admission = admit();
        if (admission.refusal() != null) {
            return Uni.createFrom().item(admission.refusal());
        }
        BatchBody.Read read = batchBody.read(body);
        if (read.refusal() != null) {
            return refuse(read.refusal(), read.detail());
        }
        List<EventFields> items = read.items();

        var receivedAt = parser.now();
        List<ColorEvent> accepted = new ArrayList<>(items.size());
        List<IngestResult.Rejection> rejected = new ArrayList<>();
        Set<UUID> ids = new HashSet<>();
        int duplicates = 0;
        for (int i = 0; i < items.size(); i++) {
            EventParser.Parsed parsed =
                    parser.parse(items.get(i), admission.key().apiKey(), receivedAt);
            if (parsed.error() != null) {
                rejected.add(new IngestResult.Rejection(i, parsed.error()));
            } else if (parsed.idGiven() && !ids.add(parsed.event().id())) {
                duplicates++;
            } else {
                accepted.add(parsed.event());
            }
        }
        if (accepted.isEmpty()) {
            if (items.size() == 1) {
                return refuse(Refusal.INVALID, rejected.get(0).error());
            }
            metrics.refused(Refusal.INVALID);
            String detail = "No event is valid (every error is listed in 'rejected'); the first, at index "
                    + rejected.get(0).index() + ": " + rejected.get(0).error();
            return Uni.createFrom()
                    .item(Response.status(Response.Status.BAD_REQUEST)
                            .type(Problem.MEDIA_TYPE)
                            .entity(InvalidBatchProblem.of(detail, rejected))
                            .build());
        }
        var result = new IngestResult(accepted.size(), duplicates, rejected);
        return submission.submit(
                admission.key(),
                accepted,
                rejected.size(),
                () -> Response.accepted(result).build());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(
            summary = "Ingest one event the way the seed's page posted it",
            description = "Form fields action_color[action_name] and action_color[color_name], key as "
                    + "'Authorization: Token token=KEY' (or any other way). 204 once Kafka acknowledged it.")
    @APIResponse(responseCode = "204", description = "The event is durably in Kafka")
    @APIResponse(
            responseCode = "400",
            description = "A field is missing or names an unknown action or color",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(
            responseCode = "401",
            description = "No key, or an unknown or revoked key",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(
            responseCode = "403",
            description = "The page's Origin is not allowed for this key",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(
            responseCode = "413",
            description = "A body over 256 KiB",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(
            responseCode = "429",
            description = "The key's rate limit; see the Retry-After header",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(
            responseCode = "503",
            description =
                    "Kafka did not acknowledge in time; see the Retry-After header. The event has no id, so a retry may count it twice if it landed after all",
            content = @Content(mediaType = "application/problem+json"))
    public Uni<Response> ingestForm(@FormParam(FORM_ACTION) String action, @FormParam(FORM_COLOR) String color) {
        Admission admission = admit();
        if (admission.refusal() != null) {
            return Uni.createFrom().item(admission.refusal());
        }
        if (action == null || action.isEmpty()) {
            return refuse(Refusal.INVALID, "The form field " + FORM_ACTION + " is required: click or hover");
        }
        if (color == null || color.isEmpty()) {
            return refuse(
                    Refusal.INVALID,
                    "The form field " + FORM_COLOR + " is required: one of " + String.join(", ", config.palette()));
        }
        ObjectNode event =
                JsonNodeFactory.instance.objectNode().put("action", action).put("color", color);
        EventParser.Parsed parsed =
                parser.parse(EventFields.of(event), admission.key().apiKey(), parser.now());
        if (parsed.error() != null) {
            return refuse(Refusal.INVALID, parsed.error());
        }
        return submission.submit(
                admission.key(),
                List.of(parsed.event()),
                0,
                () -> Response.noContent().build());
    }

    /** Either the key the request may use, or the answer refusing it. */
    private record Admission(ApiKey key, Response refusal) {}

    /** The request's key, as the one key check of every service found it ({@link KeyIdentity}). */
    private Admission admit() {
        RequestKeys.Admission admission = KeyIdentity.admission(identity);
        if (admission.admitted()) {
            return new Admission(admission.key(), null);
        }
        metrics.refused(
                switch (admission.status()) {
                    case RequestKeys.KEYS_LOADING -> Refusal.KEYS_LOADING;
                    case 403 -> Refusal.ORIGIN_NOT_ALLOWED;
                    default -> Refusal.UNAUTHORIZED;
                });
        return new Admission(null, admission.problem());
    }

    private Response refusal(Refusal refusal, String detail) {
        metrics.refused(refusal);
        return Problems.of(refusal.status, detail);
    }

    private Uni<Response> refuse(Refusal refusal, String detail) {
        return Uni.createFrom().item(refusal(refusal, detail));
    }
}
