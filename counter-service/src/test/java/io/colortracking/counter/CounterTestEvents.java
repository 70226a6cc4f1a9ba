package io.colortracking.counter;

import io.colortracking.events.Action;
import io.colortracking.events.ColorEvent;
import io.colortracking.testing.TestMessages;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Events as ingest-service writes them (keyed by event id), for tests. */
public final class CounterTestEvents {

    private CounterTestEvents() {}

    public static Map.Entry<String, String> event(String apiKey, String action, String color) {
        return event(apiKey, UUID.randomUUID(), action, color);
    }

    public static Map.Entry<String, String> event(String apiKey, UUID id, String action, String color) {
        Instant now = Instant.now();
        return Map.entry(
                id.toString(),
                TestMessages.json(new ColorEvent(
                        id, apiKey, Action.fromWireName(action), color, now, now, null, null, null, null)));
    }

    /** An event with a position in an area, received at {@code receivedAt}. */
    public static Map.Entry<String, String> positioned(
            String apiKey, UUID id, String action, String color, String area, double x, double y, Instant receivedAt) {
        return Map.entry(
                id.toString(),
                TestMessages.json(new ColorEvent(
                        id, apiKey, Action.fromWireName(action), color, receivedAt, receivedAt, null, area, x, y)));
    }
}
