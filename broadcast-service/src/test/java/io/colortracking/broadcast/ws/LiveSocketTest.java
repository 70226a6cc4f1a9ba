package io.colortracking.broadcast.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.events.Topics;
import io.colortracking.testing.KafkaTestResource;
import io.colortracking.testing.LiveClient;
import io.colortracking.testing.TestKeys;
import io.colortracking.testing.TopicRecords;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class LiveSocketTest {

    @TestHTTPResource("/v1/live")
    URI live;

    private final ObjectMapper mapper = new ObjectMapper();
    private String apiKey;

    @BeforeEach
    void givenAnActiveKeyOfThisTest() {
        apiKey = activeKey("live");
    }

    @Test
    void aClientGetsASnapshotOfItsTenantFirstThenUpdates() throws Exception {
        // given
        publish(aggregate(apiKey, "click", "red", 3, 3));
        await().until(() ->
                snapshotOf(apiKey).path("counts").path("click").path("red").asLong() == 3);

        try (LiveClient client = LiveClient.connect(url(apiKey))) {
            await().until(() -> !client.frames().isEmpty());

            // when
            publish(aggregate(apiKey, "click", "red", 4, 4));

            // then
            await().atMost(Duration.ofSeconds(5)).until(() -> client.frames().size() >= 2);
            JsonNode snapshot = mapper.readTree(client.frames().get(0));
            assertThat(snapshot.get("type").asText()).isEqualTo("snapshot");
            assertThat(snapshot.at("/counts/click/red").asLong()).isEqualTo(3);
            assertThat(snapshot.at("/versions/click/red").asLong()).isEqualTo(3);
            assertThat(snapshot.at("/counts/hover/blue").asLong()).isZero();
            JsonNode update = mapper.readTree(client.frames().get(1));
            assertThat(update.get("type").asText()).isEqualTo("update");
            assertThat(update.at("/changes/0/color").asText()).isEqualTo("red");
            assertThat(update.at("/changes/0/amount").asLong()).isEqualTo(4);
            assertThat(update.at("/changes/0/version").asLong()).isEqualTo(4);
        }
    }

    @Test
    void aStaleValueIsNeverShown() throws Exception {
        // given
        publish(aggregate(apiKey, "hover", "green", 10, 10));
        await().until(() -> snapshotOf(apiKey).at("/counts/hover/green").asLong() == 10);

        // when: an older version arrives late, then a newer one
        publish(aggregate(apiKey, "hover", "green", 7, 7));
        publish(aggregate(apiKey, "hover", "blue", 1, 1));

        // then
        await().until(() -> snapshotOf(apiKey).at("/counts/hover/blue").asLong() == 1);
        assertThat(snapshotOf(apiKey).at("/counts/hover/green").asLong()).isEqualTo(10);
    }

    @Test
    void aTenantSeesNothingOfAnotherTenantsCounts() throws Exception {
        // given
        String other = activeKey("other");
        try (LiveClient mine = LiveClient.connect(url(apiKey));
                LiveClient theirs = LiveClient.connect(url(other))) {
            await().until(() -> !mine.frames().isEmpty() && !theirs.frames().isEmpty());

            // when
            publish(aggregate(other, "click", "blue", 1, 1));
            publish(aggregate(apiKey, "click", "yellow", 1, 1));

            // then
            await().until(() -> mine.frames().size() >= 2 && theirs.frames().size() >= 2);
            assertThat(mine.frames()).noneMatch(frame -> frame.contains("\"blue\",\"amount\":1"));
            assertThat(theirs.frames()).noneMatch(frame -> frame.contains("yellow\",\"amount\":1"));
        }
    }

    @Test
    void aConnectionWithoutKeyIsClosedWith4401() throws Exception {
        try (LiveClient client = LiveClient.connect(live.toString().replaceFirst("^http", "ws"))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> client.closeCode() != null);
            assertThat(client.closeCode()).isEqualTo(4401);
            assertThat(client.closeReason()).contains("api_key");
            assertThat(client.frames()).isEmpty();
        }
    }

    @Test
    void twoClientsOfOneKeyBothSeeAnUpdateAndAReconnectGetsAFreshSnapshot() throws Exception {
        // given
        try (LiveClient first = LiveClient.connect(url(apiKey));
                LiveClient second = LiveClient.connect(url(apiKey))) {
            await().until(() -> !first.frames().isEmpty() && !second.frames().isEmpty());

            // when
            publish(aggregate(apiKey, "hover", "red", 9, 9));

            // then
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> first.frames().stream().anyMatch(f -> f.contains("\"amount\":9"))
                            && second.frames().stream().anyMatch(f -> f.contains("\"amount\":9")));
        }
        assertThat(snapshotOf(apiKey).at("/counts/hover/red").asLong()).isEqualTo(9);
    }

    @Test
    void aClientThatSendsFramesIsClosedWith1008() throws Exception {
        // given
        try (LiveClient client = LiveClient.connectAdmitted(url(apiKey), Duration.ofSeconds(5))) {
            // when
            client.send("{\"subscribe\":\"everything\"}");

            // then
            await().atMost(Duration.ofSeconds(5)).until(() -> client.closeCode() != null);
            assertThat(client.closeCode()).isEqualTo(1008);
            assertThat(client.closeReason()).contains("takes no messages");
        }
    }

    @Test
    void anUnknownKeyIsClosedWith4401() throws Exception {
        try (LiveClient client = LiveClient.connect(url("nobody-" + UUID.randomUUID()))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> client.closeCode() != null);
            assertThat(client.closeCode()).isEqualTo(4401);
            assertThat(client.closeReason()).contains("unknown or revoked");
            assertThat(client.frames()).isEmpty();
        }
    }

    @Test
    void revokingAKeyClosesItsOpenSessionsWithinASecond() throws Exception {
        try (LiveClient client = LiveClient.connect(url(apiKey))) {
            await().until(() -> !client.frames().isEmpty());

            // when
            TestKeys.revoke(apiKey);
            long revokedAt = System.nanoTime();

            // then
            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> client.closeCode() != null);
            assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).isLessThan(Duration.ofSeconds(1));
            assertThat(client.closeCode()).isEqualTo(4401);
            assertThat(client.closeReason()).contains("revoked");
        }
    }

    /** Registers a key on api_keys and waits until a client with it gets its snapshot. */
    private String activeKey(String prefix) {
        String key = prefix + "-" + UUID.randomUUID();
        TestKeys.register(key);
        try (LiveClient admitted = LiveClient.connectAdmitted(url(key), Duration.ofSeconds(10))) {
            return key;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode snapshotOf(String key) throws Exception {
        try (LiveClient client = LiveClient.connect(url(key))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !client.frames().isEmpty());
            return mapper.readTree(client.frames().get(0));
        }
    }

    private String url(String key) {
        return live.toString().replaceFirst("^http", "ws") + "?api_key=" + key;
    }

    private static void publish(Map.Entry<String, String> aggregate) {
        TopicRecords.write(Topics.COLOR_AGGREGATES, List.of(aggregate));
    }

    private static Map.Entry<String, String> aggregate(
            String apiKey, String action, String color, long amount, long version) {
        return Map.entry(apiKey + ":" + action + ":" + color, """
                {"api_key":"%s","action":"%s","color":"%s","amount":%d,"version":%d,"updated_at":"2026-11-27T10:00:00Z"}""".formatted(apiKey, action, color, amount, version));
    }
}
