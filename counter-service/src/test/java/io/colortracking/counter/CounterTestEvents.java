package io.colortracking.counter;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Events as ingest-service writes them, for tests. */
public final class CounterTestEvents {

    private CounterTestEvents() {
    }

    public static Map.Entry<String, String> event(String apiKey, String action, String color) {
        return event(apiKey, UUID.randomUUID(), action, color);
    }

    public static Map.Entry<String, String> event(String apiKey, UUID id, String action, String color) {
        String now = Instant.now().toString();
        return Map.entry(apiKey, """
                {"id":"%s","api_key":"%s","action":"%s","color":"%s","occurred_at":"%s","received_at":"%s"}"""
                .formatted(id, apiKey, action, color, now, now));
    }
}
