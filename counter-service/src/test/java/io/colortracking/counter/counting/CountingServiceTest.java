package io.colortracking.counter.counting;

import static org.assertj.core.api.Assertions.assertThat;

import io.colortracking.counter.persistence.EventIdRepository;
import io.colortracking.counter.persistence.OffsetRepository;
import io.colortracking.counter.persistence.TenantNumbers;
import io.colortracking.events.Action;
import io.colortracking.events.ColorAggregate;
import io.colortracking.events.ColorEvent;
import io.colortracking.testing.KafkaTestResource;
import io.colortracking.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The counting transaction against the real database, without the consumer in between. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class CountingServiceTest {

    @Inject
    CountingService counting;

    @Inject
    CountsReader reader;

    @Inject
    OffsetRepository offsets;

    @Inject
    TenantNumbers tenants;

    @Inject
    EventIdRepository eventIds;

    @Inject
    DataSource dataSource;

    private final String apiKey = "batch-" + UUID.randomUUID();
    private final String group = "group-" + UUID.randomUUID();

    @Test
    void aBatchRedeliveredAfterItsCommitCountsNothingTwice() throws Exception {
        // given: a batch counted and committed, then delivered again (crash before the Kafka commit)
        List<ConsumedEvent> batch = batch("test-topic", 0, 0, 5, "red");
        CountingService.BatchResult first = counting.count(group, batch);

        // when
        CountingService.BatchResult again = counting.count(group, batch);

        // then
        assertThat(first.counted()).isEqualTo(5);
        assertThat(again.counted()).isZero();
        assertThat(again.changed()).isEmpty();
        assertThat(reader.read(apiKey).counts().get(Action.CLICK).get("red")).isEqualTo(5);
    }

    @Test
    void aRetryOfAnIdCountedOnAnotherDayOfTheWindowIsNotCountedAgain() throws Exception {
        // given: ids counted on each other day of the 48 h window, each in its day's partition:
        // yesterday, the day before, and tomorrow (an instance whose clock ran a little ahead)
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<UUID> counted = new ArrayList<>();
        for (LocalDate day : List.of(today.minusDays(1), today.minusDays(2), today.plusDays(1))) {
            counted.add(recordedOn(day));
        }

        // when: a batch holds them again, beside a new one
        List<ConsumedEvent> batch = new ArrayList<>(batch("test-topic", 4, 0, 1, "red"));
        for (UUID id : counted) {
            batch.add(new ConsumedEvent("test-topic", 4, batch.size(), click(id, "red")));
        }
        CountingService.BatchResult result = counting.count(group, batch);

        // then
        assertThat(result.counted()).isEqualTo(1);
        assertThat(reader.read(apiKey).counts().get(Action.CLICK).get("red")).isEqualTo(1);
    }

    @Test
    void anIdCountedBeforeTheWindowIsCountedAgainAndOneCountedTodayIsNot() throws Exception {
        // given: one id counted three days ago (outside the 48 h window), one counted today
        UUID old = recordedOn(LocalDate.now(ZoneOffset.UTC).minusDays(3));
        UUID today = UUID.randomUUID();
        counting.count(group, List.of(new ConsumedEvent("test-topic", 5, 0, click(today, "blue"))));

        // when
        CountingService.BatchResult result = counting.count(
                group,
                List.of(
                        new ConsumedEvent("test-topic", 5, 1, click(old, "blue")),
                        new ConsumedEvent("test-topic", 5, 2, click(today, "blue"))));

        // then: the old one counted (its day forgotten), today's not twice
        assertThat(result.counted()).isEqualTo(1);
        assertThat(reader.read(apiKey).counts().get(Action.CLICK).get("blue")).isEqualTo(2);
    }

    @Test
    void aPartlyRedeliveredBatchCountsOnlyTheRecordsPastTheStoredOffset() throws Exception {
        // given
        counting.count(group, batch("test-topic", 1, 0, 3, "blue"));

        // when: offsets 2..5, of which 2 was already counted
        CountingService.BatchResult result = counting.count(group, batch("test-topic", 1, 2, 4, "blue"));

        // then
        assertThat(result.counted()).isEqualTo(3);
        assertThat(reader.read(apiKey).counts().get(Action.CLICK).get("blue")).isEqualTo(6);
        assertThat(offsets.stored(group, List.of(new org.apache.kafka.common.TopicPartition("test-topic", 1))))
                .containsValue(6L);
    }

    @Test
    void theCostOfABatchFollowsDistinctCountersNotEvents() throws Exception {
        // given: 1,000 events on two counters
        List<ConsumedEvent> batch = new ArrayList<>(batch("test-topic", 2, 0, 600, "green"));
        batch.addAll(batch("test-topic", 2, 600, 400, "yellow"));

        // when
        CountingService.BatchResult result = counting.count(group, batch);

        // then: one changed counter (one upserted row, one new version) per distinct key
        assertThat(result.counted()).isEqualTo(1000);
        assertThat(result.changed()).hasSize(2);
        assertThat(result.changed())
                .allSatisfy(aggregate -> assertThat(aggregate.version()).isEqualTo(1));
        assertThat(reader.read(apiKey).counts().get(Action.CLICK))
                .containsEntry("green", 600L)
                .containsEntry("yellow", 400L);
    }

    @Test
    void theCostOfPositionsFollowsDistinctHeatmapsNotEventsOrCells() throws Exception {
        // given: 1,000 events on two colors, positions spread over many cells of one area
        List<ConsumedEvent> batch = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            var event = new ColorEvent(
                    UUID.randomUUID(),
                    apiKey,
                    Action.CLICK,
                    i % 2 == 0 ? "red" : "blue",
                    Instant.now(),
                    Instant.now(),
                    null,
                    "grid",
                    (i % 32) / 32.0,
                    (i / 32 % 32) / 32.0);
            batch.add(new ConsumedEvent("test-topic", 3, i, event));
        }

        // when
        CountingService.BatchResult result = counting.count(group, batch);

        // then: one heatmap row (and one published grid) per color, holding every cell
        assertThat(result.heat()).hasSize(2);
        assertThat(result.heat()).allSatisfy(grid -> {
            assertThat(grid.version()).isEqualTo(1);
            assertThat(grid.area()).isEqualTo("grid");
            assertThat(grid.cells().stream().mapToLong(cell -> cell[2]).sum()).isEqualTo(500);
        });
        assertThat(result.heat()).allSatisfy(grid -> assertThat(grid.cells()).hasSize(500));
    }

    @Test
    void twoInstancesCountingOneTenantAtOnceStayExactAndEveryChangeGrowsItsVersionByOne() throws Exception {
        // given: two instances (two threads), each on partitions of its own, both changing the same
        // tenant's four counters in every batch, their events in different orders
        List<String> colors = List.of("red", "blue", "green", "yellow");
        ExecutorService instances = Executors.newFixedThreadPool(2);
        List<Future<List<ColorAggregate>>> published = new ArrayList<>();
        for (int instance = 0; instance < 2; instance++) {
            int partition = 10 + instance;
            List<String> order = instance == 0 ? colors : colors.reversed();
            published.add(instances.submit(() -> {
                List<ColorAggregate> changed = new ArrayList<>();
                for (int b = 0; b < 40; b++) {
                    List<ConsumedEvent> batch = new ArrayList<>();
                    for (String color : order) {
                        batch.addAll(batch("test-topic", partition, b * 20L + batch.size(), 5, color));
                    }
                    // when: both count at once
                    changed.addAll(counting.count(group, batch).changed());
                }
                return changed;
            }));
        }
        List<ColorAggregate> changes = new ArrayList<>();
        for (Future<List<ColorAggregate>> instance : published) {
            changes.addAll(instance.get(60, TimeUnit.SECONDS));
        }
        instances.shutdown();

        // then: exact (2 instances x 40 batches x 5 events per color), and each counter's 80
        // changes have the versions 1 to 80, each once, whichever instance made them
        assertThat(reader.read(apiKey).counts().get(Action.CLICK))
                .containsEntry("red", 400L)
                .containsEntry("blue", 400L)
                .containsEntry("green", 400L)
                .containsEntry("yellow", 400L);
        for (String color : colors) {
            assertThat(changes.stream()
                            .filter(change -> change.color().equals(color))
                            .map(ColorAggregate::version))
                    .as(color)
                    .containsExactlyInAnyOrderElementsOf(
                            LongStream.rangeClosed(1, 80).boxed().toList());
        }
    }

    /** An id of this tenant recorded as counted on {@code day}, as an earlier batch would have. */
    private UUID recordedOn(LocalDate day) throws Exception {
        eventIds.createPartitions(day, day); // in the day's own partition, as the service keeps them
        UUID id = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO event_ids (event_id, tenant, counted_on) VALUES (?, ?, ?)")) {
            insert.setObject(1, id);
            insert.setInt(2, tenants.of(List.of(apiKey)).get(apiKey));
            insert.setObject(3, day);
            insert.executeUpdate();
        }
        return id;
    }

    private ColorEvent click(UUID id, String color) {
        return new ColorEvent(id, apiKey, Action.CLICK, color, Instant.now(), Instant.now(), null, null, null, null);
    }

    private List<ConsumedEvent> batch(String topic, int partition, long firstOffset, int size, String color) {
        List<ConsumedEvent> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            var event = new ColorEvent(
                    UUID.randomUUID(),
                    apiKey,
                    Action.CLICK,
                    color,
                    Instant.now(),
                    Instant.now(),
                    null,
                    null,
                    null,
                    null);
            batch.add(new ConsumedEvent(topic, partition, firstOffset + i, event));
        }
        return batch;
    }
}
