package io.colortracking.counter.domain;

import io.colortracking.counter.config.CounterConfig;
import io.colortracking.events.ColorAggregate;
import io.colortracking.events.ColorEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Counts a batch of consumed events exactly once, in one PostgreSQL transaction that also
 * stores the next offset of every partition in the batch.
 *
 * <p>Why this is exact: the offset rows of the batch's partitions are locked first, and records
 * below the stored offset are dropped (a redelivery after a crash, or a second consumer during a
 * rebalance, counts nothing twice). Event ids are then recorded; an id seen before (a client's
 * retry) is not counted again. The counts change by one upsert per distinct
 * (api_key, action, color), whatever the number of events.
 */
@ApplicationScoped
public class CountingService {

    private static final Logger LOG = Logger.getLogger(CountingService.class);

    private final DataSource dataSource;
    private final CounterConfig config;
    private volatile Catalog catalog;

    public CountingService(DataSource dataSource, CounterConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) throws SQLException {
        catalog();
    }

    /** What a batch changed: how many events it counted, and the counters at their new values. */
    public record BatchResult(int counted, List<ColorAggregate> changed) {
    }

    public BatchResult count(String consumerGroup, List<ConsumedEvent> batch) throws SQLException {
        Catalog catalog = catalog();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Map<TopicPartition, Long> nextOffsets = lockOffsets(connection, consumerGroup, partitionsOf(batch));
                List<ColorEvent> fresh = new ArrayList<>();
                for (ConsumedEvent consumed : batch) {
                    TopicPartition partition = new TopicPartition(consumed.topic(), consumed.partition());
                    if (consumed.offset() < nextOffsets.get(partition)) {
                        continue; // counted by an earlier transaction
                    }
                    nextOffsets.put(partition, consumed.offset() + 1);
                    if (consumed.event() == null || catalog.colorId(consumed.event().color()) == null) {
                        LOG.warnf("Not counted: %s-%d@%d holds no valid event of the palette",
                                consumed.topic(), consumed.partition(), consumed.offset());
                        continue;
                    }
                    fresh.add(consumed.event());
                }
                List<ColorEvent> firstSeen = recordIds(connection, fresh);
                Map<SecondKey, long[]> seconds = perSecond(catalog, firstSeen);
                List<ColorAggregate> changed = addCounts(connection, catalog, seconds);
                addToBuckets(connection, seconds);
                storeOffsets(connection, consumerGroup, nextOffsets);
                connection.commit();
                return new BatchResult(firstSeen.size(), changed);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /**
     * The next offset to count of each partition, as stored with the counts; a partition never
     * counted is absent.
     */
    public Map<TopicPartition, Long> storedOffsets(String consumerGroup, Collection<TopicPartition> partitions)
            throws SQLException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT topic, partition, next_offset FROM consumer_offsets
                        WHERE consumer_group = ? AND (topic, partition) IN (SELECT * FROM unnest(?::text[], ?::int[]))""")) {
            bindPartitions(connection, select, consumerGroup, partitions);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    offsets.put(new TopicPartition(rows.getString(1), rows.getInt(2)), rows.getLong(3));
                }
            }
        }
        return offsets;
    }

    /** Drops a partition's stored offset, so it is counted from the start of what the topic holds. */
    public void forgetOffset(String consumerGroup, TopicPartition partition) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM consumer_offsets WHERE consumer_group = ? AND topic = ? AND partition = ?")) {
            delete.setString(1, consumerGroup);
            delete.setString(2, partition.topic());
            delete.setInt(3, partition.partition());
            delete.executeUpdate();
        }
    }

    /** Every counter, as committed; published again at start so no committed change is missed. */
    public List<ColorAggregate> allCounters() throws SQLException {
        Catalog catalog = catalog();
        List<ColorAggregate> counters = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                var statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT api_key, action_id, color_id, amount, version, updated_at FROM action_colors")) {
            while (rows.next()) {
                counters.add(aggregate(catalog, rows));
            }
        }
        return counters;
    }

    private Map<TopicPartition, Long> lockOffsets(Connection connection, String group, Set<TopicPartition> partitions)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO consumer_offsets (consumer_group, topic, partition, next_offset)
                SELECT ?, t, p, 0 FROM unnest(?::text[], ?::int[]) AS u(t, p)
                ON CONFLICT DO NOTHING""")) {
            bindPartitions(connection, insert, group, partitions);
            insert.executeUpdate();
        }
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (PreparedStatement lock = connection.prepareStatement("""
                SELECT topic, partition, next_offset FROM consumer_offsets
                WHERE consumer_group = ? AND (topic, partition) IN (SELECT * FROM unnest(?::text[], ?::int[]))
                ORDER BY topic, partition
                FOR UPDATE""")) {
            bindPartitions(connection, lock, group, partitions);
            try (ResultSet rows = lock.executeQuery()) {
                while (rows.next()) {
                    offsets.put(new TopicPartition(rows.getString(1), rows.getInt(2)), rows.getLong(3));
                }
            }
        }
        return offsets;
    }

    private static List<ColorEvent> recordIds(Connection connection, List<ColorEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return List.of();
        }
        String[] keys = new String[events.size()];
        java.util.UUID[] ids = new java.util.UUID[events.size()];
        Long[] receivedAtMicros = new Long[events.size()];
        for (int i = 0; i < events.size(); i++) {
            ColorEvent event = events.get(i);
            keys[i] = event.apiKey();
            ids[i] = event.id();
            receivedAtMicros[i] = epochMicros(event.receivedAt());
        }
        Set<EventKey> inserted = new HashSet<>();
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO counted_events (api_key, event_id, received_at)
                SELECT k, e, timestamptz 'epoch' + (m / 1000000) * interval '1 second' + (m % 1000000) * interval '1 microsecond'
                FROM unnest(?::text[], ?::uuid[], ?::bigint[]) AS u(k, e, m)
                ON CONFLICT DO NOTHING
                RETURNING api_key, event_id""")) {
            insert.setArray(1, connection.createArrayOf("text", keys));
            insert.setArray(2, connection.createArrayOf("uuid", ids));
            insert.setArray(3, connection.createArrayOf("bigint", receivedAtMicros));
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    inserted.add(new EventKey(rows.getString(1), rows.getObject(2, java.util.UUID.class)));
                }
            }
        }
        List<ColorEvent> firstSeen = new ArrayList<>(inserted.size());
        for (ColorEvent event : events) {
            // remove, so a second copy of the same id within this batch is not counted either
            if (inserted.remove(new EventKey(event.apiKey(), event.id()))) {
                firstSeen.add(event);
            }
        }
        return firstSeen;
    }

    private record EventKey(String apiKey, java.util.UUID id) {
    }

    private static long epochMicros(java.time.Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    /**
     * The events of a batch counted per (api_key, action, color, second received): one pass with
     * no text, from which the counters and every bucket are summed.
     */
    private static Map<SecondKey, long[]> perSecond(Catalog catalog, List<ColorEvent> events) {
        Map<SecondKey, long[]> seconds = new HashMap<>();
        for (ColorEvent event : events) {
            SecondKey key = new SecondKey(event.apiKey(), catalog.actionId(event.action()),
                    catalog.colorId(event.color()), event.receivedAt().getEpochSecond());
            seconds.computeIfAbsent(key, k -> new long[1])[0]++;
        }
        return seconds;
    }

    private record SecondKey(String apiKey, short actionId, short colorId, long second) {
    }

    private static List<ColorAggregate> addCounts(Connection connection, Catalog catalog, Map<SecondKey, long[]> seconds)
            throws SQLException {
        if (seconds.isEmpty()) {
            return List.of();
        }
        // sorted, so concurrent transactions lock rows in the same order
        Map<CounterKey, long[]> deltas = new TreeMap<>();
        seconds.forEach((second, amount) -> deltas.computeIfAbsent(
                new CounterKey(second.apiKey(), second.actionId(), second.colorId()), k -> new long[1])[0] += amount[0]);
        int size = deltas.size();
        String[] keys = new String[size];
        String[] actions = new String[size];
        String[] colors = new String[size];
        String[] amounts = new String[size];
        int i = 0;
        for (var entry : deltas.entrySet()) {
            keys[i] = entry.getKey().apiKey();
            actions[i] = String.valueOf(entry.getKey().actionId());
            colors[i] = String.valueOf(entry.getKey().colorId());
            amounts[i] = String.valueOf(entry.getValue()[0]);
            i++;
        }
        List<ColorAggregate> changed = new ArrayList<>(size);
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO action_colors AS ac (api_key, action_id, color_id, amount, version, updated_at)
                SELECT k, a, c, n, 1, now() FROM unnest(?::text[], ?::smallint[], ?::smallint[], ?::bigint[]) AS u(k, a, c, n)
                ON CONFLICT (api_key, action_id, color_id) DO UPDATE
                SET amount = ac.amount + EXCLUDED.amount, version = ac.version + 1, updated_at = EXCLUDED.updated_at
                RETURNING api_key, action_id, color_id, amount, version, updated_at""")) {
            upsert.setArray(1, connection.createArrayOf("text", keys));
            upsert.setArray(2, connection.createArrayOf("text", actions));
            upsert.setArray(3, connection.createArrayOf("text", colors));
            upsert.setArray(4, connection.createArrayOf("text", amounts));
            try (ResultSet rows = upsert.executeQuery()) {
                while (rows.next()) {
                    changed.add(aggregate(catalog, rows));
                }
            }
        }
        return changed;
    }

    /**
     * Adds the events to their per-second, per-minute and per-hour buckets (by received_at): one
     * upsert for every distinct (api_key, action, color, granularity, bucket) of the batch.
     */
    private static void addToBuckets(Connection connection, Map<SecondKey, long[]> seconds) throws SQLException {
        if (seconds.isEmpty()) {
            return;
        }
        Map<BucketKey, long[]> deltas = new TreeMap<>();
        seconds.forEach((second, amount) -> {
            java.time.Instant at = java.time.Instant.ofEpochSecond(second.second());
            for (Granularity granularity : Granularity.values()) {
                BucketKey key = new BucketKey(second.apiKey(), second.actionId(), granularity.label(),
                        granularity.bucketOf(at).toString(), second.colorId());
                deltas.computeIfAbsent(key, k -> new long[1])[0] += amount[0];
            }
        });
        int size = deltas.size();
        String[] granularities = new String[size];
        String[] keys = new String[size];
        String[] actions = new String[size];
        String[] starts = new String[size];
        String[] colors = new String[size];
        String[] amounts = new String[size];
        int i = 0;
        for (var entry : deltas.entrySet()) {
            BucketKey key = entry.getKey();
            granularities[i] = key.granularity();
            keys[i] = key.apiKey();
            actions[i] = String.valueOf(key.actionId());
            starts[i] = key.start();
            colors[i] = String.valueOf(key.colorId());
            amounts[i] = String.valueOf(entry.getValue()[0]);
            i++;
        }
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO count_buckets AS b (granularity, api_key, action_id, bucket_start, color_id, amount)
                SELECT * FROM unnest(?::text[], ?::text[], ?::smallint[], ?::timestamptz[], ?::smallint[], ?::bigint[])
                ON CONFLICT (api_key, action_id, granularity, bucket_start, color_id) DO UPDATE
                SET amount = b.amount + EXCLUDED.amount""")) {
            upsert.setArray(1, connection.createArrayOf("text", granularities));
            upsert.setArray(2, connection.createArrayOf("text", keys));
            upsert.setArray(3, connection.createArrayOf("text", actions));
            upsert.setArray(4, connection.createArrayOf("text", starts));
            upsert.setArray(5, connection.createArrayOf("text", colors));
            upsert.setArray(6, connection.createArrayOf("text", amounts));
            upsert.executeUpdate();
        }
    }

    /** Sorted like the primary key, so concurrent transactions lock counter rows in the same order. */
    private record CounterKey(String apiKey, short actionId, short colorId) implements Comparable<CounterKey> {
        @Override
        public int compareTo(CounterKey other) {
            int c = apiKey.compareTo(other.apiKey);
            c = c != 0 ? c : Short.compare(actionId, other.actionId);
            return c != 0 ? c : Short.compare(colorId, other.colorId);
        }
    }

    /** Sorted like the primary key, so concurrent transactions lock bucket rows in the same order. */
    private record BucketKey(String apiKey, short actionId, String granularity, String start, short colorId)
            implements Comparable<BucketKey> {
        @Override
        public int compareTo(BucketKey other) {
            int c = apiKey.compareTo(other.apiKey);
            c = c != 0 ? c : Short.compare(actionId, other.actionId);
            c = c != 0 ? c : granularity.compareTo(other.granularity);
            c = c != 0 ? c : start.compareTo(other.start);
            return c != 0 ? c : Short.compare(colorId, other.colorId);
        }
    }

    private static void storeOffsets(Connection connection, String group, Map<TopicPartition, Long> nextOffsets)
            throws SQLException {
        String[] topics = new String[nextOffsets.size()];
        String[] partitions = new String[nextOffsets.size()];
        String[] offsets = new String[nextOffsets.size()];
        int i = 0;
        for (var entry : nextOffsets.entrySet()) {
            topics[i] = entry.getKey().topic();
            partitions[i] = String.valueOf(entry.getKey().partition());
            offsets[i] = String.valueOf(entry.getValue());
            i++;
        }
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE consumer_offsets co SET next_offset = u.o
                FROM unnest(?::text[], ?::int[], ?::bigint[]) AS u(t, p, o)
                WHERE co.consumer_group = ? AND co.topic = u.t AND co.partition = u.p""")) {
            update.setArray(1, connection.createArrayOf("text", topics));
            update.setArray(2, connection.createArrayOf("text", partitions));
            update.setArray(3, connection.createArrayOf("text", offsets));
            update.setString(4, group);
            update.executeUpdate();
        }
    }

    private static ColorAggregate aggregate(Catalog catalog, ResultSet row) throws SQLException {
        return new ColorAggregate(row.getString(1), catalog.action(row.getShort(2)), catalog.color(row.getShort(3)),
                row.getLong(4), row.getLong(5), row.getTimestamp(6).toInstant());
    }

    /** Sorted, so concurrent instances insert and lock offset rows in the same order. */
    private static Set<TopicPartition> partitionsOf(List<ConsumedEvent> batch) {
        Set<TopicPartition> partitions = new java.util.TreeSet<>(
                java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        for (ConsumedEvent consumed : batch) {
            partitions.add(new TopicPartition(consumed.topic(), consumed.partition()));
        }
        return partitions;
    }

    private static void bindPartitions(Connection connection, PreparedStatement statement, String group,
            Collection<TopicPartition> partitions) throws SQLException {
        String[] topics = new String[partitions.size()];
        String[] numbers = new String[partitions.size()];
        int i = 0;
        for (TopicPartition partition : partitions) {
            topics[i] = partition.topic();
            numbers[i] = String.valueOf(partition.partition());
            i++;
        }
        statement.setString(1, group);
        statement.setArray(2, connection.createArrayOf("text", topics));
        statement.setArray(3, connection.createArrayOf("text", numbers));
    }

    private Catalog catalog() throws SQLException {
        Catalog loaded = catalog;
        if (loaded == null) {
            try (Connection connection = dataSource.getConnection()) {
                loaded = Catalog.load(connection, config.palette());
            }
            catalog = loaded;
        }
        return loaded;
    }
}
