package io.colortracking.system;

import static org.awaitility.Awaitility.await;

import io.colortracking.events.Topics;
import io.colortracking.testing.LiveClient;
import io.colortracking.testing.TestKafka;
import io.colortracking.testing.TestKeys;
import io.colortracking.testing.TopicRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two broadcast-service instances on one broker, as behind a load balancer: each reads every
 * partition itself, so a client on either sees every update.
 */
class TwoBroadcastInstancesIT {

    @Test
    void aClientOnEachInstanceSeesEveryUpdate() throws Exception {
        String apiKey = "two-" + UUID.randomUUID();
        TestKeys.register(apiKey);
        Map<String, String> environment = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                TestKafka.bootstrapServers(),
                "COLORTRACKING_TOPICS_PARTITIONS",
                String.valueOf(TestKafka.PARTITIONS));
        try (ServiceProcess first = ServiceProcess.start("broadcast-service", environment);
                ServiceProcess second = ServiceProcess.start("broadcast-service", environment)) {
            first.awaitReady(Duration.ofSeconds(90));
            second.awaitReady(Duration.ofSeconds(90));
            try (LiveClient one = LiveClient.connectAdmitted(live(first, apiKey), Duration.ofSeconds(10));
                    LiveClient two = LiveClient.connectAdmitted(live(second, apiKey), Duration.ofSeconds(10))) {
                // when: updates of every color (spread over the partitions by key)
                List<Map.Entry<String, String>> updates = new ArrayList<>();
                for (String color : List.of("blue", "green", "red", "yellow")) {
                    updates.add(Map.entry(apiKey + ":click:" + color, """
                            {"api_key":"%s","action":"click","color":"%s","amount":7,"version":7,"updated_at":"2026-11-27T10:00:00Z"}""".formatted(apiKey, color)));
                }
                TopicRecords.write(Topics.COLOR_AGGREGATES, updates);

                // then
                for (LiveClient client : List.of(one, two)) {
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> List.of("blue", "green", "red", "yellow").stream()
                                    .allMatch(color -> client.frames().stream()
                                            .anyMatch(f -> f.contains("\"color\":\"" + color + "\",\"amount\":7"))));
                }
            }
        }
    }

    private static String live(ServiceProcess service, String apiKey) {
        return service.baseUrl().replace("http", "ws") + "/v1/live?api_key=" + apiKey;
    }
}
