package io.colortracking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.events.Topics;
import io.colortracking.testing.LiveClient;
import io.colortracking.testing.TestKeys;
import io.colortracking.testing.TopicRecords;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform tells the truth while its broker is gone, and keeps serving what does not need it:
 * ingest-service answers 503 with Retry-After within 2 s, never a 2xx; every service's readiness
 * ({@code /q/health/ready}) goes down, while the {@code serving} group that Kubernetes and the load
 * balancers ask stays up: counter-service still answers its reads, broadcast-service still gives a
 * new client its snapshot. Once the broker is back everything recovers by itself, with every event
 * that got a 202 in its topic exactly once and counted.
 */
class KafkaOutageIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SERVING = "/q/health/group/serving";

    @TempDir
    Path state;

    @Test
    void aBrokerOutageIs503WithRetryAfterWhileReadsAndSnapshotsGoOnAndNothingIsLostOrDoubled() throws Exception {
        String apiKey = "outage-" + UUID.randomUUID();
        String before = event();
        String during = event();
        try (BrokerProcess kafka = new BrokerProcess(state).start();
                ThreeServices services = ThreeServices.start(kafka.bootstrapServers(), Map.of())) {
            ServiceProcess ingest = services.ingest();
            ServiceProcess counter = services.counter();
            ServiceProcess broadcast = services.broadcast();
            // given: a running platform, a known key and one counted click
            TestKeys.registerOn(kafka.bootstrapServers(), apiKey);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> post(ingest, apiKey, "{}").statusCode() == 400);
            assertThat(post(ingest, apiKey, before).statusCode()).isEqualTo(202);
            await("counted").atMost(Duration.ofSeconds(30)).until(() -> counter.redClicks(apiKey) == 1);
            // and: the serving group holds exactly what each needs for its answers
            assertThat(servingChecks(ingest)).containsExactlyInAnyOrder("api-keys", "running");
            assertThat(servingChecks(counter)).containsExactlyInAnyOrder("api-keys", "database", "running");
            assertThat(servingChecks(broadcast))
                    .containsExactlyInAnyOrder("api-keys", "color-aggregates-view", "running");

            // when: the broker dies
            kafka.kill();

            // then: every attempt is refused in time, with a hint when to retry
            for (int attempt = 0; attempt < 3; attempt++) {
                long started = System.nanoTime();
                HttpResponse<String> refused = post(ingest, apiKey, during);
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(took).isLessThanOrEqualTo(Duration.ofSeconds(2));
            }
            // and: readiness says the broker is away, in every service
            for (ServiceProcess service : List.of(ingest, counter, broadcast)) {
                await(service.name + " readiness down")
                        .atMost(Duration.ofSeconds(15))
                        .until(() -> service.status("/q/health/ready") == 503);
            }
            // but: each keeps serving what needs no broker, and says so where traffic is routed by
            for (ServiceProcess service : List.of(ingest, counter, broadcast)) {
                assertThat(service.status(SERVING))
                        .as(service.name + " serving")
                        .isEqualTo(200);
                assertThat(servingChecks(service)).as(service.name + " serving").isNotEmpty();
            }
            assertThat(counter.redClicks(apiKey)).isEqualTo(1);
            try (LiveClient client = LiveClient.connectAdmitted(
                    broadcast.baseUrl().replace("http", "ws") + "/v1/live?api_key=" + apiKey, Duration.ofSeconds(10))) {
                await("a new live client's snapshot")
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> client.frames().stream()
                                .map(KafkaOutageIT::json)
                                .anyMatch(frame -> frame.path("type").asText().equals("snapshot")
                                        && frame.at("/counts/click/red").asLong() == 1));
            }

            // when: the broker is back
            kafka.start();

            // then: the platform recovers by itself and the client's retry is accepted
            for (ServiceProcess service : List.of(ingest, counter, broadcast)) {
                await(service.name + " readiness up")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> service.status("/q/health/ready") == 200);
            }
            await("retry accepted")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> post(ingest, apiKey, during).statusCode() == 202);

            // and each acknowledged event is in its topic exactly once, and counted once
            List<ConsumerRecord<String, String>> clicks =
                    TopicRecords.read(kafka.bootstrapServers(), Topics.CLICK_ON_COLORS, TopicRecords.ofTenant(apiKey));
            assertThat(clicks).extracting(r -> idOf(r.value())).containsExactlyInAnyOrder(idOf(before), idOf(during));
            await("counted once").atMost(Duration.ofSeconds(30)).until(() -> counter.redClicks(apiKey) == 2);
        }
    }

    private static JsonNode json(String frame) {
        try {
            return MAPPER.readTree(frame);
        } catch (IOException e) {
            throw new IllegalStateException(frame, e);
        }
    }

    private static String event() {
        return "{\"id\":\"" + UUID.randomUUID() + "\",\"action\":\"click\",\"color\":\"red\"}";
    }

    private static String idOf(String json) {
        int at = json.indexOf("\"id\":\"") + 6;
        return json.substring(at, at + 36);
    }

    private static HttpResponse<String> post(ServiceProcess ingest, String apiKey, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(ingest.baseUrl() + "/v1/events"))
                .header("Content-Type", "application/json")
                .header("X-API-Key", apiKey)
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The names of the checks in the service's serving group, each of them up. */
    private static List<String> servingChecks(ServiceProcess service) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(service.baseUrl() + SERVING))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as(service.name + ": " + response.body())
                .isEqualTo(200);
        List<String> names = new ArrayList<>();
        for (JsonNode check : MAPPER.readTree(response.body()).path("checks")) {
            assertThat(check.path("status").asText()).as(check.toString()).isEqualTo("UP");
            names.add(check.path("name").asText());
        }
        return names;
    }
}
