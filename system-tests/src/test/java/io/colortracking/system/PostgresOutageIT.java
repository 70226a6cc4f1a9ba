package io.colortracking.system;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.events.Topics;
import io.colortracking.testing.TestKafka;
import io.colortracking.testing.TestKeys;
import io.colortracking.testing.TopicRecords;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * counter-service while its database is gone: it pauses (readiness down), loses and skips nothing,
 * and resumes by itself; the final counts are exact, client retries included.
 */
class PostgresOutageIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path state;

    @Test
    void aDatabaseOutageMidStreamEndsWithExactCounts() throws Exception {
        String apiKey = "pg-outage-" + UUID.randomUUID();
        TestKeys.register(apiKey);
        try (PostgresProcess postgres = new PostgresProcess(state).start();
                ServiceProcess counter = ServiceProcess.start(
                        "counter-service",
                        Map.of(
                                "KAFKA_BOOTSTRAP_SERVERS",
                                TestKafka.bootstrapServers(),
                                "COLORTRACKING_TOPICS_PARTITIONS",
                                String.valueOf(TestKafka.PARTITIONS),
                                "COLORTRACKING_CONSUMER_GROUP_ID",
                                "pg-outage-" + UUID.randomUUID(),
                                "QUARKUS_DATASOURCE_JDBC_URL",
                                postgres.jdbcUrl(),
                                "QUARKUS_DATASOURCE_USERNAME",
                                "postgres",
                                "QUARKUS_DATASOURCE_PASSWORD",
                                ""))) {
            // given: 100 red clicks counted
            counter.awaitReady(Duration.ofSeconds(90));
            List<Map.Entry<String, String>> first = events(apiKey, 100);
            TopicRecords.write(Topics.CLICK_ON_COLORS, first);
            await().atMost(Duration.ofSeconds(30)).until(() -> counter.redClicks(apiKey) == 100);

            // when: the database goes away while 100 more arrive, with 10 client retries of counted ids
            postgres.stop();
            List<Map.Entry<String, String>> second = new ArrayList<>(events(apiKey, 100));
            second.addAll(first.subList(0, 10));
            TopicRecords.write(Topics.CLICK_ON_COLORS, second);

            // then: it says so, and comes back by itself once the database does
            await("readiness down")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> counter.status("/q/health/ready") == 503);
            postgres.start();
            await("readiness up").atMost(Duration.ofSeconds(60)).until(() -> counter.status("/q/health/ready") == 200);
            await("exact counts").atMost(Duration.ofSeconds(30)).until(() -> counter.redClicks(apiKey) == 200);
            await("and they stay exact")
                    .during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> counter.redClicks(apiKey) == 200);
            // and the live side got the final value
            await("published").atMost(Duration.ofSeconds(15)).until(() -> {
                var published =
                        TopicRecords.read(Topics.COLOR_AGGREGATES, r -> (apiKey + ":click:red").equals(r.key()));
                return !published.isEmpty()
                        && MAPPER.readTree(published.get(published.size() - 1).value())
                                        .get("amount")
                                        .asLong()
                                == 200;
            });
        }
    }

    private static List<Map.Entry<String, String>> events(String apiKey, int count) {
        List<Map.Entry<String, String>> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String now = Instant.now().toString();
            UUID id = UUID.randomUUID();
            events.add(new AbstractMap.SimpleEntry<>(id.toString(), """
                    {"id":"%s","api_key":"%s","action":"click","color":"red","occurred_at":"%s","received_at":"%s"}""".formatted(id, apiKey, now, now)));
        }
        return events;
    }
}
