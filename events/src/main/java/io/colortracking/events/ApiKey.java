package io.colortracking.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A tenant's API key, published by counter-service on {@link Topics#API_KEYS} (compacted,
 * keyed by the key itself; a deleted key is a tombstone). Schema: {@code ApiKey.schema.json}
 * beside this class.
 *
 * @param allowedOrigins origins allowed to post with this key; empty means any origin
 */
public record ApiKey(
        @JsonProperty("api_key") String apiKey,
        @JsonProperty("name") String name,
        @JsonProperty("allowed_origins") List<String> allowedOrigins,
        @JsonProperty("rate_limit_per_second") int rateLimitPerSecond,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("revoked") boolean revoked) {

    public ApiKey {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }
}
