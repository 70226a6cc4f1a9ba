package io.colortracking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.events.Topics;
import io.colortracking.testing.LiveClient;
import io.colortracking.testing.TestKeys;
import io.colortracking.testing.TopicRecords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three packaged services as separate processes on one real broker and one real database:
 * events posted to ingest-service reach a WebSocket client of broadcast-service with exact counts.
 */
class PlatformIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static ServiceProcess ingest;
    private static ServiceProcess counter;
    private static ServiceProcess broadcast;

    private final String apiKey = "platform-" + UUID.randomUUID();

    @BeforeAll
    static void startPlatform() throws Exception {
        ThreeServices services = ThreeServices.start(Map.of());
        ingest = services.ingest();
        counter = services.counter();
        broadcast = services.broadcast();
    }

    @AfterAll
    static void stopPlatform() throws InterruptedException {
        for (ServiceProcess service : new ServiceProcess[] {broadcast, counter, ingest}) {
            if (service != null) {
                service.close();
            }
        }
    }

    @Test
    void postedEventsReachALiveClientWithExactCounts() throws Exception {
        // given: the test's own key, known to ingest-service (an invalid body is 400 once it is, not 401)
        TestKeys.register(apiKey);
        await().atMost(Duration.ofSeconds(10)).until(() -> post("{}") == 400);
        try (LiveClient live = LiveClient.connectAdmitted(
                broadcast.baseUrl().replace("http", "ws") + "/v1/live?api_key=" + apiKey, Duration.ofSeconds(10))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !live.frames().isEmpty());

            // when: 5 red clicks, 3 blue hovers in a batch, and one click retried by its client
            for (int i = 0; i < 5; i++) {
                assertThat(post("{\"action\":\"click\",\"color\":\"red\"}")).isEqualTo(202);
            }
            assertThat(post("""
                    {"events": [{"action":"hover","color":"blue"},{"action":"hover","color":"blue"},
                                {"action":"hover","color":"blue"}]}""")).isEqualTo(202);
            String retried = "{\"id\":\"" + UUID.randomUUID() + "\",\"action\":\"click\",\"color\":\"green\"}";
            assertThat(post(retried)).isEqualTo(202);
            assertThat(post(retried)).isEqualTo(202);

            // then: the live client converges to the exact counts
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                Map<String, Long> seen = LiveFrames.latestAmounts(live.frames());
                assertThat(seen)
                        .containsEntry("click:red", 5L)
                        .containsEntry("hover:blue", 3L)
                        .containsEntry("click:green", 1L);
            });
            // and the read API agrees
            JsonNode counts = MAPPER.readTree(get(counter.baseUrl() + "/v1/counts?api_key=" + apiKey));
            assertThat(counts.at("/counts/click/red").asLong()).isEqualTo(5);
            assertThat(counts.at("/counts/hover/blue").asLong()).isEqualTo(3);
            assertThat(counts.at("/counts/click/green").asLong()).isEqualTo(1);
            assertThat(counts.at("/counts/click/blue").asLong()).isZero();
        }
    }

    @Test
    void whatTheServicesWriteToKafkaMatchesTheJsonSchemasOfTheWireContract() throws Exception {
        // given: events through ingest (one with every optional field), counted by counter, and a
        // pointer chunk (the key records pointers)
        TestKeys.registerReadable(apiKey, "rt_platform-" + apiKey, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> post("{}") == 400);
        UUID session = UUID.randomUUID();
        assertThat(post("/v1/pointer", """
                {"session":"%s","seq":0,"page":"https://shop.example/","viewport":{"w":1280,"h":800},
                 "samples":[[0,"grid",0.25,1,"m"],[120,"viewport",0,0.5,"c"]]}""".formatted(session))).isEqualTo(202);
        assertThat(post("""
                {"events": [{"action":"click","color":"red"},
                            {"id":"%s","action":"hover","color":"blue","occurred_at":"2026-11-27T10:15:30.123Z",
                             "page":"https://shop.example/p?q=1","area":"grid","x":0.25,"y":1}]}""".formatted(UUID.randomUUID()))).isEqualTo(202);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> MAPPER.readTree(get(counter.baseUrl() + "/v1/counts?api_key=" + apiKey))
                                .at("/counts/hover/blue")
                                .asLong()
                        == 1);

        // when: read back what ingest and counter produced (api_keys: counter publishes "demo" at start)
        var events = new java.util.ArrayList<ConsumerRecord<String, String>>();
        events.addAll(TopicRecords.read(Topics.CLICK_ON_COLORS, TopicRecords.ofTenant(apiKey)));
        events.addAll(TopicRecords.read(Topics.HOVER_ON_COLORS, TopicRecords.ofTenant(apiKey)));
        var aggregates = TopicRecords.read(Topics.COLOR_AGGREGATES, r -> r.key().startsWith(apiKey + ":"));
        var keys = TopicRecords.read(Topics.API_KEYS, r -> "demo".equals(r.key()) && r.value() != null);
        var cells = TopicRecords.read(Topics.HEAT_GRIDS, r -> r.key().startsWith(apiKey + ":"));
        var chunks =
                TopicRecords.read(Topics.POINTER_TRACKS, r -> session.toString().equals(r.key()));

        // then: each conforms to its schema, types, constraints and formats included
        assertThat(events).hasSize(2);
        assertThat(aggregates).hasSizeGreaterThanOrEqualTo(2);
        assertThat(keys).isNotEmpty();
        assertThat(cells)
                .isNotEmpty()
                .allSatisfy(grid -> assertThat(grid.key()).isEqualTo(apiKey + ":grid:hover:blue"));
        assertThat(MAPPER.readTree(cells.get(cells.size() - 1).value())
                        .get("cells")
                        .toString())
                .isEqualTo("[[8,31,1]]");
        for (var record : events) {
            assertThat(MessageSchemas.violations(Topics.topic(record.topic()), record.value()))
                    .as(record.value())
                    .isEmpty();
        }
        for (var record : aggregates) {
            assertThat(MessageSchemas.violations(Topics.topic(Topics.COLOR_AGGREGATES), record.value()))
                    .as(record.value())
                    .isEmpty();
        }
        assertThat(MessageSchemas.violations(
                        Topics.topic(Topics.API_KEYS), keys.get(keys.size() - 1).value()))
                .isEmpty();
        assertThat(MessageSchemas.violations(
                        Topics.topic(Topics.HEAT_GRIDS), cells.get(0).value()))
                .as(cells.get(0).value())
                .isEmpty();
        assertThat(chunks).hasSize(1);
        assertThat(MessageSchemas.violations(
                        Topics.topic(Topics.POINTER_TRACKS), chunks.get(0).value()))
                .as(chunks.get(0).value())
                .isEmpty();
        assertThat(MessageSchemas.violations(
                        Topics.topic(Topics.POINTER_TRACKS),
                        chunks.get(0)
                                .value()
                                .replace("[120,\"viewport\",0.0,0.5,\"c\"]", "[120,\"viewport\",0.0,0.5,\"k\"]")))
                .as("a sample of an unknown kind is caught")
                .isNotEmpty();
        // and the check is not vacuous: the same event with x out of range, or a date that is no date, is caught
        String hover = events.stream()
                .filter(r -> r.topic().equals(Topics.HOVER_ON_COLORS))
                .findFirst()
                .orElseThrow()
                .value();
        assertThat(MessageSchemas.violations(
                        Topics.topic(Topics.HOVER_ON_COLORS), hover.replace("\"x\":0.25", "\"x\":1.5")))
                .isNotEmpty();
        assertThat(MessageSchemas.violations(
                        Topics.topic(Topics.HOVER_ON_COLORS), hover.replace("2026-11-27T10:15:30.123Z", "yesterday")))
                .isNotEmpty();
    }

    private int post(String json) throws Exception {
        return post("/v1/events", json);
    }

    private int post(String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(ingest.baseUrl() + path))
                .header("Content-Type", "application/json")
                .header("X-API-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
