package io.colortracking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.events.Topics;
import io.colortracking.testing.TestKafka;
import io.colortracking.testing.TestKeys;
import io.colortracking.testing.TestPostgres;
import io.colortracking.testing.TopicRecords;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * A counter-service instance killed with SIGKILL under load (no leave, no clean stop): counting
 * resumes within 10 s, whether a surviving instance takes its partitions or a replacement starts
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
        // given: one tenant per partition, so every instance has some of them
        List<String> tenants = tenantsOnEveryPartition();
        tenants.forEach(TestKeys::register);
        TestPostgres.Database database = TestPostgres.newDatabase();
        Map<String, String> environment = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                "COLORTRACKING_TOPICS_PARTITIONS", String.valueOf(TestKafka.PARTITIONS),
                "COLORTRACKING_CONSUMER_GROUP_ID", "crash-" + UUID.randomUUID(),
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
            // and: events for every tenant arriving all the time, and being counted
            load.start();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> counted(database, tenants).values().stream().allMatch(count -> count > 0));

            // when: one instance is killed; then: the survivor counts every tenant within the bound
            Duration survivor = resumeAfterKill(first, database, tenants);
            assertThat(survivor).isLessThanOrEqualTo(RESUME_BOUND);

            // when: the last instance is killed and a new one starts in its place at once
            Instant killed = Instant.now();
            second.kill();
            // no instance counts now: every count stands still until the replacement counts
            Map<String, Long> atKill = counted(database, tenants);
            replacement = ServiceProcess.start("counter-service", environment);
            ServiceProcess started = replacement;
            // then: it counts every tenant within the bound (its start included)
            await("counting again after the replacement")
                    .atMost(RESUME_BOUND.plusSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> allMovedSince(database, tenants, atKill));
            Duration restarted = Duration.between(killed, Instant.now());
            assertThat(restarted).isLessThanOrEqualTo(RESUME_BOUND);

            // and: once the writing stops, every tenant's count is exactly what was written
            load.close();
            await("exact")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> countsOf(started, tenants).equals(load.written));
            System.out.printf(
                    "CounterCrashIT: counting resumed %d ms after a kill with a survivor, %d ms after a kill with a"
                            + " replacement; %d events for %d tenants counted exactly%n",
                    survivor.toMillis(),
                    restarted.toMillis(),
                    load.written.values().stream().mapToLong(Long::longValue).sum(),
                    tenants.size());
        } finally {
            load.close();
            first.close();
            second.close();
            if (replacement != null) {
                replacement.close();
            }
        }
    }

    /** Kills {@code victim}; how long until every tenant has more events counted. */
    private static Duration resumeAfterKill(ServiceProcess victim, TestPostgres.Database database, List<String> tenants)
            throws Exception {
        Instant killed = Instant.now();
        victim.kill();
        // read once the victim is gone: from here only a reassignment moves its tenants
        Map<String, Long> atKill = counted(database, tenants);
        await("counting again after the kill")
                .atMost(RESUME_BOUND.plusSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> allMovedSince(database, tenants, atKill));
        return Duration.between(killed, Instant.now());
    }

    private static boolean allMovedSince(TestPostgres.Database database, List<String> tenants, Map<String, Long> before)
            throws SQLException {
        Map<String, Long> now = counted(database, tenants);
        return tenants.stream().allMatch(tenant -> now.get(tenant) > before.get(tenant));
    }

    /**
     * Each tenant's events counted so far, straight from the database (no instance need be up):
     * one row per counted event id, written in the transaction that adds it to the counts.
     */
    private static Map<String, Long> counted(TestPostgres.Database database, List<String> tenants) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        tenants.forEach(tenant -> counts.put(tenant, 0L));
        try (Connection connection =
                        DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                PreparedStatement query = connection.prepareStatement(
                        "SELECT api_key, count(*) FROM counted_events WHERE api_key = ANY (?) GROUP BY api_key")) {
            query.setArray(1, connection.createArrayOf("text", tenants.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return counts;
    }

    /** Each tenant's red clicks as the instance answers them (-1 while it does not answer). */
    private static Map<String, Long> countsOf(ServiceProcess counter, List<String> tenants) {
        Map<String, Long> counts = new HashMap<>();
        tenants.forEach(tenant -> counts.put(tenant, counter.redClicks(tenant)));
        return counts;
    }

    /** A key for each partition of the event topics (events are keyed by api_key). */
    private static List<String> tenantsOnEveryPartition() {
        List<String> tenants = new ArrayList<>();
        Set<Integer> covered = new TreeSet<>();
        while (covered.size() < TestKafka.PARTITIONS) {
            String tenant = "crash-" + UUID.randomUUID();
            int partition =
                    Utils.toPositive(Utils.murmur2(tenant.getBytes(StandardCharsets.UTF_8))) % TestKafka.PARTITIONS;
            if (covered.add(partition)) {
                tenants.add(tenant);
            }
        }
        return tenants;
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

        void start() {
            writer.scheduleAtFixedRate(this::writeOnce, 0, 100, TimeUnit.MILLISECONDS);
        }

        private void writeOnce() {
            List<Map.Entry<String, String>> batch = new ArrayList<>();
            for (String tenant : tenants) {
                for (int i = 0; i < 10; i++) {
                    String now = Instant.now().toString();
                    batch.add(Map.entry(tenant, """
                            {"id":"%s","api_key":"%s","action":"click","color":"red","occurred_at":"%s","received_at":"%s"}""".formatted(UUID.randomUUID(), tenant, now, now)));
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
