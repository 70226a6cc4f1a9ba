package io.colortracking.ingest.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.colortracking.common.ApiKeyCredentials;
import io.colortracking.common.Problems;
import io.colortracking.events.ColorEvent;
import io.colortracking.ingest.config.IngestConfig;
import io.colortracking.ingest.messaging.ColorEventPublisher;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/** {@code POST /v1/events}: one event, or {@code {"events": [...]}}. */
@Path("/v1/events")
public class EventsResource {

    private static final Logger LOG = Logger.getLogger(EventsResource.class);

    private final ColorEventPublisher publisher;
    private final IngestConfig config;
    private final ObjectReader reader;
    private final EventParser parser;

    public EventsResource(ColorEventPublisher publisher, IngestConfig config, ObjectMapper mapper) {
        this.publisher = publisher;
        this.config = config;
        this.reader = mapper.reader()
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .without(JsonParser.Feature.ALLOW_COMMENTS);
        this.parser = new EventParser(new LinkedHashSet<>(config.palette()), config.maxClockSkew(), Clock.systemUTC());
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> ingest(byte[] body,
            @HeaderParam("X-API-Key") String apiKeyHeader,
            @HeaderParam("Authorization") String authorization,
            @QueryParam("api_key") String apiKeyParameter) {
        Optional<String> apiKey;
        try {
            apiKey = ApiKeyCredentials.extract(apiKeyHeader, authorization, apiKeyParameter);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(Problems.of(Response.Status.UNAUTHORIZED, e.getMessage()));
        }
        if (apiKey.isEmpty()) {
            return Uni.createFrom().item(Problems.of(Response.Status.UNAUTHORIZED, ApiKeyCredentials.MISSING));
        }
        JsonNode root;
        try {
            root = reader.readTree(body);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().item(Problems.of(Response.Status.BAD_REQUEST,
                    "The body is not valid JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            return Uni.createFrom().item(Problems.of(Response.Status.BAD_REQUEST, "The body could not be read"));
        }
        if (root == null || root.isMissingNode()) {
            return Uni.createFrom().item(Problems.of(Response.Status.BAD_REQUEST, "The body is empty"));
        }

        List<JsonNode> items = new ArrayList<>();
        if (root.isObject() && root.has("events")) {
            JsonNode events = root.get("events");
            if (root.size() != 1 || !events.isArray()) {
                return Uni.createFrom().item(Problems.of(Response.Status.BAD_REQUEST,
                        "A batch is {\"events\": [...]} with no other field"));
            }
            if (events.isEmpty()) {
                return Uni.createFrom().item(Problems.of(Response.Status.BAD_REQUEST, "'events' is empty"));
            }
            if (events.size() > config.maxBatchSize()) {
                return Uni.createFrom().item(Problems.of(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                        "A batch holds at most " + config.maxBatchSize() + " events; this one has " + events.size()));
            }
            events.forEach(items::add);
        } else {
            items.add(root);
        }

        var receivedAt = parser.now();
        List<ColorEvent> accepted = new ArrayList<>(items.size());
        List<IngestResult.Rejection> rejected = new ArrayList<>();
        Set<UUID> ids = new HashSet<>();
        int duplicates = 0;
        for (int i = 0; i < items.size(); i++) {
            EventParser.Parsed parsed = parser.parse(items.get(i), apiKey.get(), receivedAt);
            if (parsed.error() != null) {
                rejected.add(new IngestResult.Rejection(i, parsed.error()));
            } else if (!ids.add(parsed.event().id())) {
                duplicates++;
            } else {
                accepted.add(parsed.event());
            }
        }
        if (accepted.isEmpty()) {
            String detail = items.size() == 1 ? rejected.get(0).error()
                    : "No event is valid; the first error, at index " + rejected.get(0).index() + ": " + rejected.get(0).error();
            return Uni.createFrom().item(Problems.of(Response.Status.BAD_REQUEST, detail));
        }
        var result = new IngestResult(accepted.size(), duplicates, rejected);
        return Uni.createFrom().completionStage(() -> publisher.publish(accepted))
                .onItem().transform(done -> Response.accepted(result).build())
                .onFailure().recoverWithItem(error -> {
                    LOG.warnf("Kafka did not acknowledge %d events: %s", accepted.size(), error.toString());
                    return Problems.unavailable("The event store did not acknowledge the events in time; "
                            + "nothing was accepted, retry after the indicated delay", config.produce().retryAfter());
                });
    }
}
