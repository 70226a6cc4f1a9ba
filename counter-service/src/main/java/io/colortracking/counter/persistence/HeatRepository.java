package io.colortracking.counter.persistence;

import io.colortracking.events.HeatBin;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import javax.sql.DataSource;

/**
 * {@code heat_bins} (per day) and {@code heat_totals} (all time), written: one upsert per table
 * and batch, one row per distinct cell, whatever the number of events; each change of a total
 * grows its version by one. (Read through {@link HeatBinEntity} and {@link HeatTotalEntity}.)
 */
@ApplicationScoped
public class HeatRepository {

    private static final int CHUNK = 10_000;
    private static final String TOTAL_COLUMNS =
            "api_key, area, action_id, color_id, bin_x, bin_y, amount, version, updated_at";

    private final DataSource dataSource;
    private final Catalog catalog;

    public HeatRepository(DataSource dataSource, Catalog catalog) {
        this.dataSource = dataSource;
        this.catalog = catalog;
    }

    /** Adds the amounts to the days' cells (in key order, so rows are locked in one order). */
    public void addDays(SortedMap<HeatDay, Long> amounts) throws SQLException {
        if (amounts.isEmpty()) {
            return;
        }
        var keys = amounts.keySet();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO heat_bins AS h (api_key, area, action_id, color_id, day, bin_x, bin_y, amount)
                        SELECT * FROM unnest(?::text[], ?::text[], ?::smallint[], ?::smallint[], ?::date[],
                                             ?::smallint[], ?::smallint[], ?::bigint[])
                        ON CONFLICT (api_key, area, action_id, day, color_id, bin_y, bin_x) DO UPDATE
                        SET amount = h.amount + EXCLUDED.amount""")) {
            SqlArrays.texts(upsert, 1, keys, key -> key.cell().apiKey());
            SqlArrays.texts(upsert, 2, keys, key -> key.cell().area());
            SqlArrays.texts(upsert, 3, keys, key -> String.valueOf(key.cell().actionId()));
            SqlArrays.texts(upsert, 4, keys, key -> String.valueOf(key.cell().colorId()));
            SqlArrays.texts(upsert, 5, keys, key -> key.day().toString());
            SqlArrays.texts(upsert, 6, keys, key -> String.valueOf(key.cell().bx()));
            SqlArrays.texts(upsert, 7, keys, key -> String.valueOf(key.cell().by()));
            SqlArrays.texts(upsert, 8, keys, key -> String.valueOf(amounts.get(key)));
            upsert.executeUpdate();
        }
    }

    /** Adds the amounts to the all-time cells (in key order); @return the cells as they now are. */
    public List<HeatBin> addTotals(SortedMap<HeatCell, Long> amounts) throws SQLException {
        if (amounts.isEmpty()) {
            return List.of();
        }
        var keys = amounts.keySet();
        List<HeatBin> changed = new ArrayList<>(amounts.size());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO heat_totals AS t (api_key, area, action_id, color_id, bin_x, bin_y, amount, version, updated_at)
                        SELECT k, r, a, c, x, y, n, 1, now()
                        FROM unnest(?::text[], ?::text[], ?::smallint[], ?::smallint[], ?::smallint[], ?::smallint[], ?::bigint[])
                            AS u(k, r, a, c, x, y, n)
                        ON CONFLICT (api_key, area, action_id, color_id, bin_y, bin_x) DO UPDATE
                        SET amount = t.amount + EXCLUDED.amount, version = t.version + 1, updated_at = EXCLUDED.updated_at
                        RETURNING\s""" + TOTAL_COLUMNS)) {
            SqlArrays.texts(upsert, 1, keys, HeatCell::apiKey);
            SqlArrays.texts(upsert, 2, keys, HeatCell::area);
            SqlArrays.texts(upsert, 3, keys, key -> String.valueOf(key.actionId()));
            SqlArrays.texts(upsert, 4, keys, key -> String.valueOf(key.colorId()));
            SqlArrays.texts(upsert, 5, keys, key -> String.valueOf(key.bx()));
            SqlArrays.texts(upsert, 6, keys, key -> String.valueOf(key.by()));
            SqlArrays.texts(upsert, 7, keys, key -> String.valueOf(amounts.get(key)));
            try (ResultSet rows = upsert.executeQuery()) {
                while (rows.next()) {
                    changed.add(bin(rows));
                }
            }
        }
        return changed;
    }

    /** Every all-time cell, as committed (to publish them all again). */
    public List<HeatBin> allTotals() throws SQLException {
        List<HeatBin> cells = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT " + TOTAL_COLUMNS + " FROM heat_totals")) {
            while (rows.next()) {
                cells.add(bin(rows));
            }
        }
        return cells;
    }

    /** Deletes the daily cells of days before {@code firstKept}, a chunk per statement; @return how many. */
    public long deleteDaysBefore(LocalDate firstKept) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("""
                        DELETE FROM heat_bins WHERE ctid IN (
                            SELECT ctid FROM heat_bins WHERE day < ? LIMIT %d)""".formatted(CHUNK))) {
            delete.setDate(1, Date.valueOf(firstKept));
            return Chunks.deleteAll(delete, CHUNK);
        }
    }

    private HeatBin bin(ResultSet row) throws SQLException {
        return new HeatBin(
                row.getString(1),
                row.getString(2),
                catalog.action(row.getShort(3)),
                catalog.color(row.getShort(4)),
                row.getShort(5),
                row.getShort(6),
                row.getLong(7),
                row.getLong(8),
                row.getTimestamp(9).toInstant());
    }
}
