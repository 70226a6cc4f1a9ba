package io.colortracking.testing;

import io.colortracking.events.ApiKey;
import io.colortracking.events.Topics;
import java.time.Instant;
import java.util.List;

/**
 * Writes API keys to the test broker's {@code api_keys} topic the way counter-service does, for
 * tests of the services that read them.
 */
public final class TestKeys {

    private TestKeys() {}

    /** An active key open to any origin, with a rate limit no test reaches by accident. */
    public static void register(String apiKey) {
        register(apiKey, List.of(), 100_000);
    }

    public static void register(String apiKey, List<String> allowedOrigins, int rateLimitPerSecond) {
        write(apiKey, json(apiKey, allowedOrigins, rateLimitPerSecond, false));
    }

    /** An active key open to any origin, on another broker than the JVM's shared one. */
    public static void registerOn(String bootstrapServers, String apiKey) {
        registerOn(bootstrapServers, apiKey, List.of(), 100_000);
    }

    public static void registerOn(
            String bootstrapServers, String apiKey, List<String> allowedOrigins, int rateLimitPerSecond) {
        TopicRecords.write(
                bootstrapServers,
                Topics.API_KEYS,
                List.of(new java.util.AbstractMap.SimpleEntry<>(
                        apiKey, json(apiKey, allowedOrigins, rateLimitPerSecond, false))));
    }

    /**
     * An active key open to any origin whose read token is {@code readToken} (its SHA-256 on the
     * record, as counter-service writes it), recording pointers when {@code pointerTracking}.
     */
    public static void registerReadable(String apiKey, String readToken, boolean pointerTracking) {
        write(
                apiKey,
                TestMessages.json(new ApiKey(
                        apiKey,
                        "test key " + apiKey,
                        List.of(),
                        100_000,
                        Instant.now(),
                        false,
                        pointerTracking,
                        sha256(readToken))));
    }

    /** The same, on another broker than the JVM's shared one. */
    public static void registerReadableOn(
            String bootstrapServers, String apiKey, String readToken, boolean pointerTracking) {
        TopicRecords.write(
                bootstrapServers,
                Topics.API_KEYS,
                List.of(new java.util.AbstractMap.SimpleEntry<>(
                        apiKey,
                        TestMessages.json(new ApiKey(
                                apiKey,
                                "test key " + apiKey,
                                List.of(),
                                100_000,
                                Instant.now(),
                                false,
                                pointerTracking,
                                sha256(readToken))))));
    }

    /** SHA-256, lower-case hex: how a read token is kept. */
    public static String sha256(String text) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void revoke(String apiKey) {
        write(apiKey, json(apiKey, List.of(), 100_000, true));
    }

    /** The record counter-service writes when a key is deleted: a tombstone. */
    public static void delete(String apiKey) {
        write(apiKey, null);
    }

    private static void write(String apiKey, String value) {
        TopicRecords.write(Topics.API_KEYS, List.of(new java.util.AbstractMap.SimpleEntry<>(apiKey, value)));
    }

    private static String json(String apiKey, List<String> origins, int rate, boolean revoked) {
        return TestMessages.json(new ApiKey(apiKey, "test key " + apiKey, origins, rate, Instant.now(), revoked));
    }
}
