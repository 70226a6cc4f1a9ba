package io.colortracking.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/**
 * A click or hover on a color, as accepted by ingest-service. Travels on
 * {@link Topics#CLICK_ON_COLORS} or {@link Topics#HOVER_ON_COLORS}, keyed by its {@code id} (one
 * tenant spreads over every partition; a re-sent event lands on the partition of its original).
 * Schema: {@code ColorEvent.schema.json} beside this class.
 *
 * @param id the client's idempotency key; the same id is counted once
 * @param area the part of the page the position is relative to (an element marked
 *     {@code data-ct-area}, or {@code element}: the clicked element itself), or {@code null}
 * @param x the position from the area's left edge, 0 to 1, or {@code null} (both or neither)
 * @param y the position from the area's top edge, 0 to 1, or {@code null}
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
        @JsonProperty("area") String area,
        @JsonProperty("x") Double x,
        @JsonProperty("y") Double y) {

    /** The area positions are relative to when a client gives a position but no area. */
    public static final String ELEMENT_AREA = "element";

    /** Whether the event carries a position (it is counted into its area's heatmap). */
    @JsonIgnore
    public boolean hasPosition() {
        return x != null && y != null;
    }

    /** The same event without area and position (counted, but in no heatmap). */
    public ColorEvent withoutPosition() {
        return new ColorEvent(id, apiKey, action, color, occurredAt, receivedAt, page, null, null, null);
    }
}
