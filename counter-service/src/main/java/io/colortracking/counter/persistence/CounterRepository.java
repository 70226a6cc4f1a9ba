package io.colortracking.counter.persistence;

import io.colortracking.events.ColorAggregate;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import javax.sql.DataSource;

/**
 * {@code action_colors}, written: the counters grow by one upsert per distinct counter of a batch,
 * whatever its number of events, each change growing the counter's version by one. (Read through
 * {@link CounterEntity}.)
 */
@ApplicationScoped
public class CounterRepository {

    private static final String COLUMNS = "api_key, action_id, color_id, amount, version, updated_at";

    private final DataSource dataSource;
    private final Catalog catalog;

    public CounterRepository(DataSource dataSource, Catalog catalog) {
        this.dataSource = dataSource;
        this.catalog = catalog;
    }

    /** Adds the amounts (in key order, so rows are locked in one order); @return the counters as they now are. */
    public List<ColorAggregate> add(SortedMap<CounterKey, Long> amounts) throws SQLException {
        if (amounts.isEmpty()) {
            return List.of();
        }
        var keys = amounts.keySet();
        List<ColorAggregate> changed = new ArrayList<>(amounts.size());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO action_colors AS ac (api_key, action_id, color_id, amount, version, updated_at)
                        SELECT k, a, c, n, 1, now() FROM unnest(?::text[], ?::smallint[], ?::smallint[], ?::bigint[]) AS u(k, a, c, n)
                        ON CONFLICT (api_key, action_id, color_id) DO UPDATE
                        SET amount = ac.amount + EXCLUDED.amount, version = ac.version + 1, updated_at = EXCLUDED.updated_at
                        RETURNING\s""" + COLUMNS)) {
            SqlArrays.texts(upsert, 1, keys, CounterKey::apiKey);
            SqlArrays.texts(upsert, 2, keys, key -> String.valueOf(key.actionId()));
            SqlArrays.texts(upsert, 3, keys, key -> String.valueOf(key.colorId()));
            SqlArrays.texts(upsert, 4, keys, key -> String.valueOf(amounts.get(key)));
            try (ResultSet rows = upsert.executeQuery()) {
                while (rows.next()) {
                    changed.add(aggregate(rows));
                }
            }
        }
        return changed;
    }

    /**
     * These counters as committed now (those that exist), to tell whether a published value is
     * still their latest.
     */
    public List<ColorAggregate> current(Collection<ColorAggregate> of) throws SQLException {
        if (of.isEmpty()) {
            return List.of();
        }
        List<ColorAggregate> current = new ArrayList<>(of.size());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + """
                         FROM action_colors
                        WHERE (api_key, action_id, color_id) IN (
                            SELECT * FROM unnest(?::text[], ?::smallint[], ?::smallint[]))""")) {
            SqlArrays.texts(select, 1, of, ColorAggregate::apiKey);
            SqlArrays.texts(select, 2, of, counter -> String.valueOf(catalog.actionId(counter.action())));
            SqlArrays.texts(select, 3, of, counter -> String.valueOf(catalog.colorId(counter.color())));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    current.add(aggregate(rows));
                }
            }
        }
        return current;
    }

    /** Every counter, as committed. */
    public List<ColorAggregate> all() throws SQLException {
        List<ColorAggregate> counters = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT " + COLUMNS + " FROM action_colors")) {
            while (rows.next()) {
                counters.add(aggregate(rows));
            }
        }
        return counters;
    }

    private ColorAggregate aggregate(ResultSet row) throws SQLException {
        return new ColorAggregate(
                row.getString(1),
                catalog.action(row.getShort(2)),
                catalog.color(row.getShort(3)),
                row.getLong(4),
                row.getLong(5),
                row.getTimestamp(6).toInstant());
    }
}
