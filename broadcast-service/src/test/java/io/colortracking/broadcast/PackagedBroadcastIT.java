package io.colortracking.broadcast;

import static org.awaitility.Awaitility.await;

import io.colortracking.events.Topics;
import io.colortracking.testing.KafkaTestResource;
import io.colortracking.testing.LiveClient;
import io.colortracking.testing.TestKeys;
import io.colortracking.testing.TopicRecords;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged service (target/quarkus-app, as the images and run.sh start it) pushes a counter's
 * update to a live client. On Java 25 this run also trains the service's AOT cache
 * (quarkus.package.jar.aot.enabled): what it exercises starts faster next time.
 */
@QuarkusIntegrationTest
@WithTestResource(KafkaTestResource.class)
class PackagedBroadcastIT {

    @Test
    void thePackagedServicePushesAnUpdateToALiveClient() throws Exception {
        // given: a key on the api_keys topic and a client admitted on /v1/live
        String apiKey = "packaged-" + UUID.randomUUID();
        TestKeys.register(apiKey);
        String live = "ws://localhost:" + RestAssured.port + "/v1/live?api_key=" + apiKey;
        try (LiveClient client = LiveClient.connectAdmitted(live, Duration.ofSeconds(20))) {
            // when: the counter of its red clicks changes
            TopicRecords.write(
                    Topics.COLOR_AGGREGATES, List.of(Map.entry(apiKey + ":click:red", """
                    {"api_key":"%s","action":"click","color":"red","amount":3,"version":3,"updated_at":"2026-11-30T10:00:00Z"}""".formatted(apiKey))));

            // then
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> client.frames().stream()
                            .anyMatch(frame -> frame.contains("\"color\":\"red\",\"amount\":3")));
        }
    }
}
