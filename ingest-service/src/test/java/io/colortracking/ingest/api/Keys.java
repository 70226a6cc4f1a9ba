package io.colortracking.ingest.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.colortracking.testing.TestKeys;
import java.time.Duration;
import java.util.List;

/** Registers a test's own key on {@code api_keys} and waits until ingest-service knows it. */
final class Keys {

    private Keys() {}

    static String active(String prefix) {
        return active(prefix, List.of(), 100_000);
    }

    static String active(String prefix, List<String> allowedOrigins, int rateLimitPerSecond) {
        String apiKey = prefix + "-" + java.util.UUID.randomUUID();
        TestKeys.register(apiKey, allowedOrigins, rateLimitPerSecond);
        awaitStatusOtherThan401(apiKey, true);
        return apiKey;
    }

    /** Waits until a request with the key is (known = true) or is no longer (false) past the key check. */
    static void awaitStatusOtherThan401(String apiKey, boolean known) {
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    // an empty object is invalid, so this probe never reaches Kafka: 400 once the key is known
                    int status = given().header("X-API-Key", apiKey)
                            .contentType("application/json")
                            .body("{}")
                            .post("/v1/events")
                            .statusCode();
                    return (status != 401) == known;
                });
    }
}
