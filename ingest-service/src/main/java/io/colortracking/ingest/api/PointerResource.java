package io.colortracking.ingest.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.colortracking.common.Problems;
import io.colortracking.common.keys.KeyIdentity;
import io.colortracking.common.keys.RequestKeys;
import io.colortracking.events.ApiKey;
import io.colortracking.events.PointerChunk;
import io.colortracking.events.PointerChunkRules;
import io.colortracking.ingest.config.IngestConfig;
import io.colortracking.ingest.keys.RateLimits;
import io.colortracking.ingest.messaging.PointerTrackPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * {@code /v1/pointer}: chunks of a visitor's pointer track, from tracker.js on pages that opted in
 * ({@code data-pointer="on"}) with a key that allows it. The same key and origin rules as events,
 * its own rate budget, 202 only once Kafka acknowledged the chunk.
 */
@Path("/v1/pointer")
@Tag(name = "pointer", description = "Pointer tracks (opt-in per key and page), for live cursors and replay")
public class PointerResource {

    private static final Logger LOG = Logger.getLogger(PointerResource.class);

    /** What tracker.js asks before it records anything. */
    public record Tracking(@JsonProperty("pointer_tracking") boolean pointerTracking) {}

    private final SecurityIdentity identity;
    private final IngestMetrics metrics;
    private final RateLimits rateLimits;
    private final PointerTrackPublisher publisher;
    private final IngestConfig config;
    private final PointerBody body = new PointerBody();
    private final Counter accepted;

    public PointerResource(
            SecurityIdentity identity,
            IngestMetrics metrics,
            RateLimits rateLimits,
            PointerTrackPublisher publisher,
            IngestConfig config,
            MeterRegistry registry) {
        this.identity = identity;
        this.metrics = metrics;
        this.rateLimits = rateLimits;
        this.publisher = publisher;
        this.config = config;
        this.accepted = Counter.builder("colortracking.ingest.pointer.chunks.accepted")
                .description("Pointer chunks acknowledged by Kafka and answered 202")
                .register(registry);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Whether the key records its visitors' pointer",
            description = "tracker.js asks once per page view, and records nothing unless this says true.")
    @APIResponse(responseCode = "200", description = "{\"pointer_tracking\": true|false}")
    @APIResponse(responseCode = "401", description = "No key, or an unknown or revoked key")
    @APIResponse(responseCode = "403", description = "The page's Origin is not allowed for this key")
    public Response tracking() {
        RequestKeys.Admission admission = admitted();
        if (!admission.admitted()) {
            return admission.problem();
        }
        return Response.ok(new Tracking(admission.key().pointerTracking()))
                .header("Cache-Control", "private, max-age=60")
                .build();
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Ingest a chunk of a visitor's pointer track",
            description = "Body: {\"session\": UUID, \"seq\": n, \"page\": url, \"viewport\": {\"w\", \"h\"}, "
                    + "\"samples\": [[t_ms, \"area\", x, y, \"m\"|\"c\"], ...]} (at most 200 samples and 32 KiB; "
                    + "text/plain is read as JSON, for navigator.sendBeacon). Re-send a chunk with the same session "
                    + "and seq after a 503: it is stored once.")
    @APIResponse(responseCode = "202", description = "The chunk is durably in Kafka")
    @APIResponse(responseCode = "400", description = "The chunk is malformed; the detail says what to fix")
    @APIResponse(responseCode = "401", description = "No key, or an unknown or revoked key")
    @APIResponse(responseCode = "403", description = "The key does not record pointers, or the Origin is not allowed")
    @APIResponse(responseCode = "413", description = "A body over 32 KiB")
    @APIResponse(responseCode = "429", description = "The key's pointer budget; see Retry-After")
    @APIResponse(
            responseCode = "503",
            description = "Kafka did not acknowledge in time; re-send the chunk after Retry-After")
    public Uni<Response> ingest(byte[] request) {
        RequestKeys.Admission admission = admitted();
        if (!admission.admitted()) {
            return Uni.createFrom().item(admission.problem());
        }
        ApiKey key = admission.key();
        if (!key.pointerTracking()) {
            return refuse(
                    Refusal.POINTER_TRACKING_OFF,
                    "Pointer tracking is off for this key: turn it on with PATCH /v1/keys/{key} {\"pointer_tracking\": true}");
        }
        if (request.length > PointerChunkRules.MAX_BYTES) {
            return refuse(
                    Refusal.TOO_LARGE,
                    "The chunk holds " + request.length + " bytes; at most " + PointerChunkRules.MAX_BYTES / 1024
                            + " KiB: send chunks more often");
        }
        PointerBody.Read read = body.read(request, key.apiKey(), Instant.now().truncatedTo(ChronoUnit.MICROS));
        if (read.problem() != null) {
            return refuse(Refusal.INVALID, read.problem());
        }
        PointerChunk chunk = read.chunk();
        Optional<Duration> wait = rateLimits.chargePointer(key, config.pointer().chunksPerSecond());
        if (wait.isPresent()) {
            metrics.refused(Refusal.RATE_LIMITED);
            return Uni.createFrom()
                    .item(Problems.retryLater(
                            Refusal.RATE_LIMITED.status,
                            "The key's pointer budget is spent; re-send the chunk after the indicated delay",
                            wait.get()));
        }
        return Uni.createFrom()
                .completionStage(() -> publisher.publish(chunk))
                .onItem()
                .transform(done -> {
                    accepted.increment();
                    return Response.accepted().build();
                })
                .onFailure()
                .recoverWithItem(error -> {
                    LOG.warnf("Kafka did not acknowledge a pointer chunk: %s", error.toString());
                    metrics.refused(Refusal.UNAVAILABLE);
                    rateLimits.refundPointer(key);
                    return Problems.unavailable(
                            "Kafka did not acknowledge the chunk in time; re-send it (same session and seq) after "
                                    + "the indicated delay",
                            config.produce().retryAfter());
                });
    }

    private RequestKeys.Admission admitted() {
        RequestKeys.Admission admission = KeyIdentity.admission(identity);
        if (!admission.admitted()) {
            metrics.refused(
                    switch (admission.status()) {
                        case RequestKeys.KEYS_LOADING -> Refusal.KEYS_LOADING;
                        case 403 -> Refusal.ORIGIN_NOT_ALLOWED;
                        default -> Refusal.UNAUTHORIZED;
                    });
        }
        return admission;
    }

    private Uni<Response> refuse(Refusal refusal, String detail) {
        metrics.refused(refusal);
        return Uni.createFrom().item(Problems.of(refusal.status, detail));
    }
}
