package io.colortracking.broadcast;

import io.colortracking.events.Action;
import io.colortracking.events.ColorAggregate;
import io.colortracking.events.Topics;
import io.colortracking.testing.LiveClient;
import io.colortracking.testing.TestKeys;
import io.colortracking.testing.TestMessages;
import io.colortracking.testing.TopicRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Keys and aggregates as counter-service writes them, for broadcast tests. */
public final class BroadcastTesting {

    private BroadcastTesting() {}

    /** Registers a key on api_keys and waits until a live client with it gets its snapshot. */
    public static String activeKey(String liveUrl, String prefix) {
        String key = prefix + "-" + UUID.randomUUID();
        TestKeys.register(key);
        try (LiveClient admitted = LiveClient.connectAdmitted(liveUrl + "?api_key=" + key, Duration.ofSeconds(10))) {
            return key;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void publish(List<Map.Entry<String, String>> aggregates) {
        TopicRecords.write(Topics.COLOR_AGGREGATES, aggregates);
    }

    public static Map.Entry<String, String> aggregate(
            String apiKey, String action, String color, long amount, long version) {
        ColorAggregate aggregate = new ColorAggregate(
                apiKey, Action.fromWireName(action), color, amount, version, Instant.parse("2026-11-27T10:00:00Z"));
        return Map.entry(aggregate.key(), TestMessages.json(aggregate));
    }
}
