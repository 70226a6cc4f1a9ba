package io.colortracking.counter.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code consumer_offsets}: the next offset to count of each partition, per consumer group, written
 * in the same transaction as the counts. These are the offsets that count (not Kafka's).
 */
@ApplicationScoped
public class OffsetRepository {

    private final DataSource dataSource;

    public OffsetRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Locks the partitions' rows (created at 0 when missing) until the transaction ends, in sorted
     * order so concurrent instances never deadlock, and returns their next offsets.
     */
    public Map<TopicPartition, Long> lock(String group, SortedSet<TopicPartition> partitions) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO consumer_offsets (consumer_group, topic, partition, next_offset)
                    SELECT ?, t, p, 0 FROM unnest(?::text[], ?::int[]) AS u(t, p)
                    ON CONFLICT DO NOTHING""")) {
                bindPartitions(insert, group, partitions);
                insert.executeUpdate();
            }
            try (PreparedStatement lock = connection.prepareStatement("""
                    SELECT topic, partition, next_offset FROM consumer_offsets
                    WHERE consumer_group = ? AND (topic, partition) IN (SELECT * FROM unnest(?::text[], ?::int[]))
                    ORDER BY topic, partition
                    FOR UPDATE""")) {
                bindPartitions(lock, group, partitions);
                return offsets(lock);
            }
        }
    }

    /** Stores the next offsets of partitions locked by {@link #lock}. */
    public void store(String group, Map<TopicPartition, Long> nextOffsets) throws SQLException {
        var entries = nextOffsets.entrySet();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("""
                        UPDATE consumer_offsets co SET next_offset = u.o
                        FROM unnest(?::text[], ?::int[], ?::bigint[]) AS u(t, p, o)
                        WHERE co.consumer_group = ? AND co.topic = u.t AND co.partition = u.p""")) {
            SqlArrays.texts(update, 1, entries, entry -> entry.getKey().topic());
            SqlArrays.texts(
                    update, 2, entries, entry -> String.valueOf(entry.getKey().partition()));
            SqlArrays.texts(update, 3, entries, entry -> String.valueOf(entry.getValue()));
            update.setString(4, group);
            update.executeUpdate();
        }
    }

    /** The stored next offset of each partition; a partition never counted is absent. */
    public Map<TopicPartition, Long> stored(String group, Collection<TopicPartition> partitions) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT topic, partition, next_offset FROM consumer_offsets
                        WHERE consumer_group = ? AND (topic, partition) IN (SELECT * FROM unnest(?::text[], ?::int[]))""")) {
            bindPartitions(select, group, partitions);
            return offsets(select);
        }
    }

    /** Drops a partition's stored offset, so it is counted from the start of what the topic holds. */
    public void forget(String group, TopicPartition partition) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM consumer_offsets WHERE consumer_group = ? AND topic = ? AND partition = ?")) {
            delete.setString(1, group);
            delete.setString(2, partition.topic());
            delete.setInt(3, partition.partition());
            delete.executeUpdate();
        }
    }

    private static void bindPartitions(PreparedStatement statement, String group, Collection<TopicPartition> partitions)
            throws SQLException {
        statement.setString(1, group);
        SqlArrays.texts(statement, 2, partitions, TopicPartition::topic);
        SqlArrays.texts(statement, 3, partitions, partition -> String.valueOf(partition.partition()));
    }

    private static Map<TopicPartition, Long> offsets(PreparedStatement select) throws SQLException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                offsets.put(new TopicPartition(rows.getString(1), rows.getInt(2)), rows.getLong(3));
            }
        }
        return offsets;
    }
}
