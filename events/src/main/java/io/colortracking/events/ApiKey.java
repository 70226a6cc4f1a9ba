package io.colortracking.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A tenant's API key, published by counter-service on {@link Topics#API_KEYS} (compacted,
 * keyed by the key itself; a deleted key is a tombstone). Schema: {@code ApiKey.schema.json}
 * beside this class.
 *
 * @param allowedOrigins origins allowed to post with this key; empty means any origin
 * @param pointerTracking whether pages may record their visitors' pointer with this key (off by default)
 * @param readTokenSha256 the SHA-256 (hex) of the key's read token, the secret that reads behavioural
 *     data (live cursors, sessions); {@code null} when the key has none. The token itself is never stored.
 */
public record ApiKey(
        @JsonProperty("api_key") String apiKey,
        @JsonProperty("name") String name,
        @JsonProperty("allowed_origins") List<String> allowedOrigins,
        @JsonProperty("rate_limit_per_second") int rateLimitPerSecond,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("revoked") boolean revoked,
        @JsonProperty("pointer_tracking") boolean pointerTracking,

        @JsonProperty("read_token_sha256") @JsonInclude(JsonInclude.Include.NON_NULL)
        String readTokenSha256) {

    /** The key grammar every service and the database share, as told to a client. */
    public static final String GRAMMAR = "1 to 64 characters of A-Z, a-z, 0-9, '-', '_' and '.'";

    public static final int MAX_LENGTH = 64;

    public ApiKey {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }

    /** A key without pointer tracking and without a read token. */
    public ApiKey(
            String apiKey,
            String name,
            List<String> allowedOrigins,
            int rateLimitPerSecond,
            Instant createdAt,
            boolean revoked) {
        this(apiKey, name, allowedOrigins, rateLimitPerSecond, createdAt, revoked, false, null);
    }

    /** Whether {@code apiKey} follows the {@link #GRAMMAR} (checked without a regular expression: it runs per event). */
    public static boolean isWellFormed(String apiKey) {
        if (apiKey == null || apiKey.isEmpty() || apiKey.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < apiKey.length(); i++) {
            char c = apiKey.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
