package io.colortracking.counter.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.colortracking.events.ApiKey;
import java.time.Instant;
import java.util.List;

/**
 * A key as the key API shows it: never its read token's hash; the read token itself only in the
 * answer that made it (creating the key, rotating the token), the one time it is ever shown.
 *
 * @param hasReadToken whether the key has a read token (to read its visitors' behaviour)
 * @param readToken the new read token, only where it was just made
 */
public record KeyView(
        @JsonProperty("api_key") String apiKey,
        @JsonProperty("name") String name,
        @JsonProperty("allowed_origins") List<String> allowedOrigins,
        @JsonProperty("rate_limit_per_second") int rateLimitPerSecond,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("revoked") boolean revoked,
        @JsonProperty("pointer_tracking") boolean pointerTracking,
        @JsonProperty("has_read_token") boolean hasReadToken,

        @JsonProperty("read_token") @JsonInclude(JsonInclude.Include.NON_NULL)
        String readToken) {

    static KeyView of(ApiKey key, String readToken) {
        return new KeyView(
                key.apiKey(),
                key.name(),
                key.allowedOrigins(),
                key.rateLimitPerSecond(),
                key.createdAt(),
                key.revoked(),
                key.pointerTracking(),
                key.readTokenSha256() != null,
                readToken);
    }
}
