package io.colortracking.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/**
 * A click or hover on a color, as accepted by ingest-service. Travels on
 * {@link Topics#CLICK_ON_COLORS} or {@link Topics#HOVER_ON_COLORS}, keyed by {@code api_key}.
 * Schema: {@code ColorEvent.schema.json} beside this class.
 *
 * @param id the client's idempotency key; the same id is counted once
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColorEvent(
        @JsonProperty("id") UUID id,
        @JsonProperty("api_key") String apiKey,
        @JsonProperty("action") Action action,
        @JsonProperty("color") String color,
        @JsonProperty("occurred_at") Instant occurredAt,
        @JsonProperty("received_at") Instant receivedAt,
        @JsonProperty("page") String page,
        @JsonProperty("x") Double x,
        @JsonProperty("y") Double y) {}
