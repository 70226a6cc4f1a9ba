package io.colortracking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colortracking.events.Topics;
import io.colortracking.testing.TestKeys;
import io.colortracking.testing.TopicRecords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ingest-service tells the truth while its broker is gone: 503 with Retry-After within 2 s, never
 * a 2xx; readiness down; and once the broker is back it recovers by itself, with every event that
 * got a 202 in its topic exactly once.
 */
class KafkaOutageIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path state;

    @Test
    void aBrokerOutageIs503WithRetryAfterAndNothingAcknowledgedIsLostOrDoubled() throws Exception {
        String apiKey = "outage-" + UUID.randomUUID();
        String before = event();
        String during = event();
        try (BrokerProcess kafka = new BrokerProcess(state).start();
                ServiceProcess ingest = ServiceProcess.start(
                        "ingest-service",
                        Map.of(
                                "KAFKA_BOOTSTRAP_SERVERS",
                                kafka.bootstrapServers(),
                                "COLORTRACKING_TOPICS_PARTITIONS",
                                "3"))) {
            // given: a running service and a known key
            ingest.awaitReady(Duration.ofSeconds(60));
            TestKeys.registerOn(kafka.bootstrapServers(), apiKey);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> post(ingest, apiKey, "{}").statusCode() == 400);
            assertThat(post(ingest, apiKey, before).statusCode()).isEqualTo(202);

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
            await("readiness down").atMost(Duration.ofSeconds(10)).until(() -> ready(ingest) == 503);

            // when: the broker is back
            kafka.start();

            // then: the service recovers by itself and the client's retry is accepted
            await("readiness up").atMost(Duration.ofSeconds(60)).until(() -> ready(ingest) == 200);
            await("retry accepted")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> post(ingest, apiKey, during).statusCode() == 202);

            // and each acknowledged event is in its topic exactly once
            List<ConsumerRecord<String, String>> clicks =
                    TopicRecords.read(kafka.bootstrapServers(), Topics.CLICK_ON_COLORS, r -> apiKey.equals(r.key()));
            assertThat(clicks).extracting(r -> idOf(r.value())).containsExactlyInAnyOrder(idOf(before), idOf(during));
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

    private static int ready(ServiceProcess service) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(service.baseUrl() + "/q/health/ready"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
