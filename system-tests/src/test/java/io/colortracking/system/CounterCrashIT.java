package io.colortracking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.events.Topics;
import io.colortracking.testing.PrometheusText;
import io.colortracking.testing.TestKafka;
import io.colortracking.testing.TestKeys;
import io.colortracking.testing.TestPostgres;
import io.colortracking.testing.TopicRecords;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Two counter-service instances share one tenant: its events are keyed by event id, so they spread
 * over every partition and both instances count it, exactly, and the last record of each of its
 * counters on the compacted topic is the final count. Then one instance is killed with SIGKILL under
 * load (no leave, no clean stop): counting resumes within 10 s, whether a surviving instance takes its partitions or a replacement starts
 * in its place with a new member id (compose and ECS: dynamic membership), and the counts are
 * exact at the end. (A replacement under the same static member id, as ./run.sh and a container
 * restarted in its pod do, takes its partitions back at once: RunScriptIT.)
 */
class CounterCrashIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration RESUME_BOUND = Duration.ofSeconds(10);

    @Test
    void countingResumesWithinTenSecondsAfterAKillAndEndsExact() throws Exception {
        // given: one tenant, its events keyed by event id (as ingest writes them), so on every partition
        String tenant = "crash-" + UUID.randomUUID();
        TestKeys.register(tenant);
        List<String> tenants = List.of(tenant);
        TestPostgres.Database database = TestPostgres.newDatabase();
        String group = "crash-" + UUID.randomUUID();
        Map<String, String> environment = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                "COLORTRACKING_TOPICS_PARTITIONS", String.valueOf(TestKafka.PARTITIONS),
                "COLORTRACKING_CONSUMER_GROUP_ID", group,
                "QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl(),
                "QUARKUS_DATASOURCE_USERNAME", database.username(),
                "QUARKUS_DATASOURCE_PASSWORD", database.password());
        Load load = new Load(tenants);
        ServiceProcess first = ServiceProcess.start("counter-service", environment);
        ServiceProcess second = ServiceProcess.start("counter-service", environment);
        ServiceProcess replacement = null;
        try {
            first.awaitReady(Duration.ofSeconds(90));
            second.awaitReady(Duration.ofSeconds(90));
            // and: events of the tenant arriving all the time
            load.start();

            // then: both instances count the one tenant (each has committed batches of it)
            await("both instances counting the tenant")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> eventsCountedBy(first) > 0 && eventsCountedBy(second) > 0);
            // and: once the writing pauses, the count is exact and the counter's last record on the
            // compacted topic (the one compaction keeps) holds it, although both published its changes
            load.pause();
            await("exact with two instances")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> countsOf(first, tenants).equals(load.written));
            awaitLastRecordExact(tenant, load);
            load.start();

            // when: one instance is killed; then: the survivor counts every partition (its own and the
            // victim's) within the bound
            Duration survivor = resumeAfterKill(first, database, group);
            assertThat(survivor).isLessThanOrEqualTo(RESUME_BOUND);

            // when: the last instance is killed and a new one starts in its place at once
            Instant killed = Instant.now();
            second.kill();
            // no instance counts now: every partition stands still until the replacement counts
            Map<Integer, Long> atKill = counted(database, group);
            replacement = ServiceProcess.start("counter-service", environment);
            ServiceProcess started = replacement;
            // then: it counts every partition within the bound (its start included)
            await("counting again after the replacement")
                    .atMost(RESUME_BOUND.plusSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> allMovedSince(database, group, atKill));
            Duration restarted = Duration.between(killed, Instant.now());
            assertThat(restarted).isLessThanOrEqualTo(RESUME_BOUND);

            // and: once the writing stops, the tenant's count is exactly what was written
            load.close();
            await("exact")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> countsOf(started, tenants).equals(load.written));
            // and: the counter's last record holds it again, after the replacement's changes
            awaitLastRecordExact(tenant, load);
            System.out.printf(
                    "CounterCrashIT: counting resumed %d ms after a kill with a survivor, %d ms after a kill with a"
                            + " replacement; %d events of one tenant counted exactly by two, then three instances%n",
                    survivor.toMillis(), restarted.toMillis(), load.written.get(tenant));
        } finally {
            load.close();
            first.close();
            second.close();
            if (replacement != null) {
                replacement.close();
            }
        }
    }

    /** Kills {@code victim}; how long until counting has moved on every partition. */
    private static Duration resumeAfterKill(ServiceProcess victim, TestPostgres.Database database, String group)
            throws Exception {
        Instant killed = Instant.now();
        victim.kill();
        // read once the victim is gone: from here only a reassignment moves its partitions
        Map<Integer, Long> atKill = counted(database, group);
        await("counting again after the kill")
                .atMost(RESUME_BOUND.plusSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> allMovedSince(database, group, atKill));
        return Duration.between(killed, Instant.now());
    }

    /** Whether counting moved on every partition (each one's stored offset grew) since {@code before}. */
    private static boolean allMovedSince(TestPostgres.Database database, String group, Map<Integer, Long> before)
            throws SQLException {
        Map<Integer, Long> now = counted(database, group);
        return IntStream.range(0, TestKafka.PARTITIONS)
                .allMatch(partition -> now.getOrDefault(partition, 0L) > before.getOrDefault(partition, 0L));
    }

    /**
     * How far the group has counted each partition of the clicks, straight from the database (no
     * instance need be up): the next offset stored in the transaction that adds a batch to the counts.
     */
    private static Map<Integer, Long> counted(TestPostgres.Database database, String group) throws SQLException {
        Map<Integer, Long> offsets = new HashMap<>();
        try (Connection connection =
                        DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                PreparedStatement query = connection.prepareStatement(
                        "SELECT partition, next_offset FROM consumer_offsets WHERE consumer_group = ? AND topic = ?")) {
            query.setString(1, group);
            query.setString(2, Topics.CLICK_ON_COLORS);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    offsets.put(rows.getInt(1), rows.getLong(2));
                }
            }
        }
        return offsets;
    }

    /** Each tenant's red clicks as the instance answers them (-1 while it does not answer). */
    private static Map<String, Long> countsOf(ServiceProcess counter, List<String> tenants) {
        Map<String, Long> counts = new HashMap<>();
        tenants.forEach(tenant -> counts.put(tenant, counter.redClicks(tenant)));
        return counts;
    }

    /** How many events the instance has counted since it started (its metrics). */
    private static double eventsCountedBy(ServiceProcess counter) {
        return PrometheusText.value(counter.body("/q/metrics"), "colortracking_counter_events_counted_total");
    }

    /** Waits until the last record of the tenant's red clicks on color_aggregates holds what was written. */
    private static void awaitLastRecordExact(String tenant, Load load) {
        await("the last record of the counter is the exact count")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(lastAggregate(tenant + ":click:red")).isEqualTo(load.written.get(tenant)));
    }

    /** The amount in the last record of the counter on the compacted color_aggregates topic. */
    private static long lastAggregate(String counterKey) throws Exception {
        var records = TopicRecords.read(Topics.COLOR_AGGREGATES, r -> counterKey.equals(r.key()));
        assertThat(records).isNotEmpty();
        return MAPPER.readTree(records.get(records.size() - 1).value())
                .get("amount")
                .asLong();
    }

    /** Ten red clicks per tenant every 100 ms, as ingest-service writes them. */
    private static final class Load implements AutoCloseable {
        final Map<String, Long> written = new ConcurrentHashMap<>();
        private final List<String> tenants;
        private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();

        Load(List<String> tenants) {
            this.tenants = tenants;
            tenants.forEach(tenant -> written.put(tenant, 0L));
        }

        private java.util.concurrent.ScheduledFuture<?> writing;

        void start() {
            writing = writer.scheduleAtFixedRate(this::writeOnce, 0, 100, TimeUnit.MILLISECONDS);
        }

        /** Stops writing until started again; returns once the batch being written, if any, is written. */
        void pause() throws Exception {
            writing.cancel(false);
            writer.submit(() -> {}).get(30, TimeUnit.SECONDS); // after a write under way: one thread
        }

        private void writeOnce() {
            List<Map.Entry<String, String>> batch = new ArrayList<>();
            for (String tenant : tenants) {
                for (int i = 0; i < 10; i++) {
                    String now = Instant.now().toString();
                    UUID id = UUID.randomUUID();
                    batch.add(Map.entry(id.toString(), """
                            {"id":"%s","api_key":"%s","action":"click","color":"red","occurred_at":"%s","received_at":"%s"}""".formatted(id, tenant, now, now)));
                }
            }
            TopicRecords.write(Topics.CLICK_ON_COLORS, batch);
            tenants.forEach(tenant -> written.merge(tenant, 10L, Long::sum));
        }

        /** Stops writing; returns once the last batch is written. */
        @Override
        public void close() throws InterruptedException {
            writer.shutdown();
            assertThat(writer.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
