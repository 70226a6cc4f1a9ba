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
    public record Admission(ApiKey key, int status, String detail, boolean byReadToken) {

        public Admission(ApiKey key, int status, String detail) {
            this(key, status, detail, false);
        }

        /**
         * Whether the key was admitted by its read token: what every endpoint that exposes visitor
         * behaviour demands itself, whatever path the request was classified by.
         */
        public boolean readsBehaviour() {
            return key != null && byReadToken;
        }

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

    /** What a client is told when a behavioural read comes without a read token. */
    public static final String NO_READ_TOKEN =
            "Visitor behaviour (live cursors, sessions, replay) is private: send the key's "
                    + "read token as 'Authorization: Bearer <read_token>' (on the live cursors socket: a subprotocol "
                    + "token.<read_token>, or ?token=)";

    /** The WebSocket of live cursors: its read token may come as {@code ?token=} or a subprotocol. */
    public static final String CURSORS_PATH = "/v1/live/cursors";

    /**
     * The subprotocol prefix that carries a read token on the live cursors socket ({@code new
     * WebSocket(url, ["cursors.v1", "token." + readToken])}): a browser cannot set headers on a
     * WebSocket, and unlike {@code ?token=} a subprotocol is not written to access logs with the URL.
     */
    public static final String TOKEN_SUBPROTOCOL = "token.";

    /**
     * Whether the path reads visitor behaviour: it needs a key's read token, never the public key
     * alone. Judged on the normalised path without trailing slashes, as the router matches it; the
     * endpoints check {@link Admission#readsBehaviour()} besides.
     */
    public static boolean readsBehaviour(String path) {
        String bare = bare(path);
        return bare.equals("/v1/sessions") || bare.startsWith("/v1/sessions/") || bare.equals(CURSORS_PATH);
    }

    /** Whether the path is the live cursors socket's. */
    public static boolean isCursors(String path) {
        return bare(path).equals(CURSORS_PATH);
    }

    private static String bare(String path) {
        String bare = path == null ? "" : path;
        while (bare.length() > 1 && bare.endsWith("/")) {
            bare = bare.substring(0, bare.length() - 1);
        }
        return bare;
    }

    /**
     * Who may read visitor behaviour: the key whose read token the request carries ({@code
     * Authorization: Bearer TOKEN}; on the live cursors socket also a {@code token.TOKEN}
     * subprotocol or {@code ?token=}, passed in as {@code tokenParameter} only there). A key named
     * besides ({@code X-API-Key}, {@code ?api_key=}) must be the token's. No origin rule: the token
     * is a secret, not a page's key.
     */
    public static Admission admitReader(
            KeyLookup keys, String apiKeyHeader, String authorization, String apiKeyParameter, String tokenParameter) {
        String token = bearer(authorization);
        if (token == null && tokenParameter != null && !tokenParameter.isBlank()) {
            token = tokenParameter.strip();
        }
        if (token == null || token.isEmpty() || token.length() > ReadTokens.MAX_LENGTH) {
            return Admission.refused(401, NO_READ_TOKEN);
        }
        Optional<String> named;
        try {
            named = ApiKeyCredentials.extract(apiKeyHeader, null, apiKeyParameter);
        } catch (IllegalArgumentException e) {
            return Admission.refused(401, e.getMessage());
        }
        Optional<ApiKey> key = keys.readableWith(ReadTokens.sha256(token));
        if (key.isEmpty() && !keys.isCaughtUp()) {
            return Admission.refused(
                    KEYS_LOADING, "This instance is still reading the API keys after its start; retry in a moment");
        }
        if (key.isEmpty() || (named.isPresent() && !named.get().equals(key.get().apiKey()))) {
            return Admission.refused(
                    401,
                    "The read token is wrong, was rotated, or its key was revoked"
                            + named.map(n -> " (for the key '" + n + "')").orElse(""));
        }
        return new Admission(key.get(), 200, null, true);
    }

    /** The read token a {@code token.TOKEN} entry of {@code Sec-WebSocket-Protocol} carries, or {@code null}. */
    public static String subprotocolToken(String protocols) {
        if (protocols == null) {
            return null;
        }
        for (String protocol : protocols.split(",")) {
            String entry = protocol.strip();
            if (entry.startsWith(TOKEN_SUBPROTOCOL) && entry.length() > TOKEN_SUBPROTOCOL.length()) {
                return entry.substring(TOKEN_SUBPROTOCOL.length());
            }
        }
        return null;
    }

    private static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        if (value.regionMatches(true, 0, "Bearer ", 0, "Bearer ".length())) {
            return value.substring("Bearer ".length()).strip();
        }
        return null;
    }

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
