package io.colortracking.common.keys;

import io.colortracking.common.ApiKeyCredentials;
import io.colortracking.common.CloseCodes;
import io.colortracking.common.Problems;
import io.colortracking.events.ApiKey;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Optional;

/**
 * Who may make a request: its key must be known and active (401), its page's origin allowed (403).
 * An instance that has not read all keys yet (it just started) cannot tell an unknown key from one
 * it has not reached: it answers 503, so clients retry instead of giving up on a valid key.
 */
public final class RequestKeys {

    private RequestKeys() {}

    /** Either the admitted key, or the status and detail refusing the request. */
    public record Admission(ApiKey key, int status, String detail) {
        /** The problem+json answer refusing the request: 401, 403, or 503 + Retry-After while the keys load. */
        public Response problem() {
            return status == KEYS_LOADING
                    ? Problems.unavailable(detail, Duration.ofSeconds(1))
                    : Problems.of(Response.Status.fromStatusCode(status), detail);
        }

        public boolean admitted() {
            return key != null;
        }

        static Admission refused(int status, String detail) {
            return new Admission(null, status, detail);
        }

        /** Whether the request named no key at all (rather than a wrong one). */
        public boolean namedNoKey() {
            return key == null && ApiKeyCredentials.MISSING.equals(detail);
        }

        /** A request that names no key. */
        static Admission missing() {
            return refused(401, ApiKeyCredentials.MISSING);
        }

        /** The WebSocket close code refusing the connection: 4401, 4403, or 1013 (try again later) while the keys load. */
        public int closeCode() {
            return switch (status) {
                case KEYS_LOADING -> CloseCodes.TRY_AGAIN_LATER;
                case 403 -> CloseCodes.FORBIDDEN;
                default -> CloseCodes.UNAUTHORIZED;
            };
        }
    }

    /** The status of a refusal because the keys are still being read: retry in a moment. */
    public static final int KEYS_LOADING = 503;

    public static Admission admit(
            KeyLookup keys, String apiKeyHeader, String authorization, String apiKeyParameter, String origin) {
        Optional<String> apiKey;
        try {
            apiKey = ApiKeyCredentials.extract(apiKeyHeader, authorization, apiKeyParameter);
        } catch (IllegalArgumentException e) {
            return Admission.refused(401, e.getMessage());
        }
        if (apiKey.isEmpty()) {
            return Admission.missing();
        }
        Optional<ApiKey> key = keys.active(apiKey.get());
        if (key.isEmpty() && !keys.isCaughtUp()) {
            return Admission.refused(
                    KEYS_LOADING,
                    "This instance is still reading the API keys after its start; " + "retry in a moment");
        }
        if (key.isEmpty()) {
            return Admission.refused(401, "The API key '" + apiKey.get() + "' is unknown or revoked");
        }
        if (!OriginPolicy.allows(key.get(), origin)) {
            String shown = origin.length() <= 100 ? origin : origin.substring(0, 100) + "…";
            return Admission.refused(
                    403,
                    "The origin '" + shown + "' is not allowed for this API key; its allowed " + "origins are "
                            + String.join(", ", key.get().allowedOrigins()));
        }
        return new Admission(key.get(), 200, null);
    }
}
