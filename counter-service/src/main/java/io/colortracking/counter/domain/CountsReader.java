package io.colortracking.counter.domain;

import io.colortracking.counter.config.CounterConfig;
import io.colortracking.events.Action;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.TreeMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/** Reads one tenant's committed counts, every palette color included. */
@ApplicationScoped
public class CountsReader {

    /**
     * @param counts action → color → amount, zeros included
     * @param version the sum of the tenant's counter versions: it grows with every change
     */
    public record TenantCounts(String apiKey, Map<Action, Map<String, Long>> counts, long version) {
    }

    private final DataSource dataSource;
    private final CounterConfig config;

    public CountsReader(DataSource dataSource, CounterConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    public TenantCounts read(String apiKey) throws SQLException {
        Map<Action, Map<String, Long>> counts = new EnumMap<>(Action.class);
        for (Action action : Action.values()) {
            Map<String, Long> byColor = new LinkedHashMap<>();
            config.palette().forEach(color -> byColor.put(color, 0L));
            counts.put(action, byColor);
        }
        long version = 0;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT a.name, c.name, ac.amount, ac.version
                        FROM action_colors ac
                        JOIN actions a ON a.id = ac.action_id
                        JOIN colors c ON c.id = ac.color_id
                        WHERE ac.api_key = ?""")) {
            select.setString(1, apiKey);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Action action = Action.fromWireName(rows.getString(1));
                    if (action != null && counts.get(action).containsKey(rows.getString(2))) {
                        counts.get(action).put(rows.getString(2), rows.getLong(3));
                        version += rows.getLong(4);
                    }
                }
            }
        }
        return new TenantCounts(apiKey, counts, version);
    }

    /**
     * The amounts per bucket start and color for one action, of the buckets in {@code [from, to)}
     * that hold any count (the others are zero).
     */
    public Map<Instant, Map<String, Long>> series(String apiKey, Action action, Granularity granularity,
            Instant from, Instant to) throws SQLException {
        Map<Instant, Map<String, Long>> buckets = new TreeMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT b.bucket_start, c.name, b.amount
                        FROM count_buckets b
                        JOIN actions a ON a.id = b.action_id
                        JOIN colors c ON c.id = b.color_id
                        WHERE b.api_key = ? AND a.name = ? AND b.granularity = ?
                          AND b.bucket_start >= ? AND b.bucket_start < ?""")) {
            select.setString(1, apiKey);
            select.setString(2, action.wireName());
            select.setString(3, granularity.label());
            select.setTimestamp(4, Timestamp.from(from));
            select.setTimestamp(5, Timestamp.from(to));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    buckets.computeIfAbsent(rows.getTimestamp(1).toInstant(), start -> new LinkedHashMap<>())
                            .put(rows.getString(2), rows.getLong(3));
                }
            }
        }
        return buckets;
    }
}
