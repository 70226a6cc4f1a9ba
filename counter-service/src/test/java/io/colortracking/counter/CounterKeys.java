package io.colortracking.counter;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.colortracking.testing.TestKeys;
import java.time.Duration;
import java.util.UUID;

/** Registers a test's own key on {@code api_keys} and waits until counter-service knows it. */
public final class CounterKeys {

    private CounterKeys() {}

    public static String active(String prefix) {
        String apiKey = prefix + "-" + UUID.randomUUID();
        TestKeys.register(apiKey);
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() ->
                        given().header("X-API-Key", apiKey).get("/v1/counts").statusCode() == 200);
        return apiKey;
    }
}
