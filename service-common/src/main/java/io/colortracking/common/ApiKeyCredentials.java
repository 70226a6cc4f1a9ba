package io.colortracking.common;

import io.colortracking.events.ApiKey;
import java.util.Optional;

/**
 * Where a request may carry its API key, in order of precedence: the {@code X-API-Key} header,
 * {@code Authorization: Token token=KEY} (the seed's form), {@code Authorization: Bearer KEY},
 * and the {@code api_key} query parameter (for pages and WebSockets that cannot set headers).
 */
public final class ApiKeyCredentials {

    /** What a client is told when its request names no key. */
    public static final String MISSING =
            "No API key: send it as the X-API-Key header, 'Authorization: Bearer KEY', or ?api_key=";

    /** Longest key accepted; anything longer is refused before any lookup. */
    public static final int MAX_LENGTH = ApiKey.MAX_LENGTH;

    private ApiKeyCredentials() {}

    /**
     * @return the key, or empty when the request names none
     * @throws IllegalArgumentException when a key is named but malformed (with a message for the client)
     */
    public static Optional<String> extract(String xApiKeyHeader, String authorizationHeader, String queryParameter) {
        if (present(xApiKeyHeader)) {
            return Optional.of(validated(xApiKeyHeader.strip(), "X-API-Key header"));
        }
        if (present(authorizationHeader)) {
            return Optional.of(
                    validated(fromAuthorization(authorizationHeader.stripLeading()), "Authorization header"));
        }
        if (present(queryParameter)) {
            return Optional.of(validated(queryParameter.strip(), "api_key query parameter"));
        }
        return Optional.empty();
    }

    private static String fromAuthorization(String value) {
        String lower = value.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("bearer ")) {
            return value.substring("bearer ".length()).strip();
        }
        if (lower.startsWith("token ")) {
            String rest = value.substring("token ".length()).strip();
            if (rest.startsWith("token=")) {
                rest = rest.substring("token=".length());
            }
            if (rest.length() >= 2 && rest.startsWith("\"") && rest.endsWith("\"")) {
                rest = rest.substring(1, rest.length() - 1);
            }
            return rest;
        }
        throw new IllegalArgumentException("Authorization header must be 'Token token=KEY' or 'Bearer KEY'");
    }

    private static String validated(String key, String source) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("The " + source + " holds an empty API key");
        }
        if (key.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "The " + source + " holds an API key longer than " + MAX_LENGTH + " characters");
        }
        if (!ApiKey.isWellFormed(key)) {
            throw new IllegalArgumentException(
                    "The " + source + " holds an API key with a character outside A-Z, a-z, 0-9, '-', '_' and '.'");
        }
        return key;
    }

    private static boolean present(String value) {
        return value != null && !value.isEmpty();
    }
}
