package io.colortracking.counter.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.counter.persistence.Catalog;
import io.colortracking.events.Action;
import io.colortracking.events.ColorAggregate;
import io.colortracking.events.HeatGrid;
import io.colortracking.events.Topics;
import io.colortracking.testing.KafkaTestResource;
import io.colortracking.testing.PostgresTestResource;
import io.colortracking.testing.TopicRecords;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Two instances change the same counters, and their records may reach the broker out of order:
 * whatever lands last, the last record of a key on the compacted topic ends up its committed value.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class AggregatePublisherTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final String apiKey = "settle-" + UUID.randomUUID();

    @Inject
    AggregatePublisher publisher;

    @Inject
    DataSource dataSource;

    @Inject
    Catalog catalog;

    @Test
    void aCounterValueOlderThanTheCommittedOneIsFollowedByTheCommittedOne() throws Exception {
        // given: the counter committed at version 2 (another instance's change, its record already out)
        execute(
                "INSERT INTO action_colors (api_key, action_id, color_id, amount, version, updated_at)"
                        + " VALUES (?, ?, ?, 5, 2, now())",
                apiKey);

        // when: this instance's record of version 1 reaches the broker after it
        publisher.publish(
                List.of(new ColorAggregate(apiKey, Action.CLICK, "red", 3, 1, Instant.now())), List.of(), Map.of());

        // then: version 1 was published, and then the committed version 2 after it
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(versions(Topics.COLOR_AGGREGATES, apiKey + ":click:red"))
                        .containsExactly(1L, 2L));
        assertThat(last(Topics.COLOR_AGGREGATES, apiKey + ":click:red")
                        .get("amount")
                        .asLong())
                .isEqualTo(5);
    }

    @Test
    void aHeatmapOlderThanTheCommittedOneIsFollowedByTheCommittedOne() throws Exception {
        // given: the all-time heatmap committed at version 3, seven in every cell
        execute(
                "INSERT INTO heat_totals (api_key, area, action_id, color_id, cells, version, updated_at)"
                        + " VALUES (?, 'grid', ?, ?, array_fill(7::bigint, ARRAY[1024]), 3, now())",
                apiKey);

        // when: a record of version 1 reaches the broker after it
        publisher.publish(
                List.of(),
                List.of(new HeatGrid(
                        apiKey, "grid", Action.CLICK, "red", List.of(new long[] {0, 0, 1}), 1, Instant.now())),
                Map.of());

        // then: version 3 follows it, with its 1,024 cells
        String key = apiKey + ":grid:click:red";
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(versions(Topics.HEAT_GRIDS, key)).containsExactly(1L, 3L));
        assertThat(last(Topics.HEAT_GRIDS, key).get("cells")).hasSize(HeatGrid.CELLS);
    }

    private void execute(String sql, String apiKey) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, apiKey);
            statement.setShort(2, catalog.actionId(Action.CLICK));
            statement.setShort(3, catalog.colorId("red"));
            statement.executeUpdate();
        }
    }

    private List<Long> versions(String topic, String key) throws Exception {
        List<Long> versions = new ArrayList<>();
        for (var record : TopicRecords.read(topic, r -> key.equals(r.key()))) {
            versions.add(mapper.readTree(record.value()).get("version").asLong());
        }
        return versions;
    }

    private JsonNode last(String topic, String key) throws Exception {
        var records = TopicRecords.read(topic, r -> key.equals(r.key()));
        return mapper.readTree(records.get(records.size() - 1).value());
    }
}
