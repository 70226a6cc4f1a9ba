package io.colortracking.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The committed count of one (api_key, action, color), published by counter-service on
 * {@link Topics#COLOR_AGGREGATES} (compacted) after every change. Schema:
 * {@code ColorAggregate.schema.json} beside this class.
 *
 * @param version grows by one with every change of this counter, so readers can drop stale values
 */
public record ColorAggregate(
        @JsonProperty("api_key") String apiKey,
        @JsonProperty("action") Action action,
        @JsonProperty("color") String color,
        @JsonProperty("amount") long amount,
        @JsonProperty("version") long version,
        @JsonProperty("updated_at") Instant updatedAt) {

    /** The Kafka record key of this counter: {@code api_key:action:color}. */
    public String key() {
        return apiKey + ":" + action.wireName() + ":" + color;
    }
}
