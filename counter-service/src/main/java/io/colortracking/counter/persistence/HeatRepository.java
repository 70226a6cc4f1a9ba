package io.colortracking.counter.persistence;

import io.colortracking.events.HeatGrid;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import javax.sql.DataSource;

/**
 * {@code heat_days} (per day) and {@code heat_totals} (all time), written: one upsert per table
 * and batch, one row per distinct grid, whose 1024 cells are added element by element, whatever
 * the number of events and cells; each change of a total grows its version by one. (Read through
 * {@link HeatDayEntity} and {@link HeatTotalEntity}.)
 */
@ApplicationScoped
public class HeatRepository {

    private static final int CHUNK = 1_000;
    private static final String TOTAL_COLUMNS = "api_key, area, action_id, color_id, cells, version, updated_at";
    /** The stored grid plus the batch's, cell by cell. */
    private static final String ADD_CELLS =
            "(SELECT array_agg(o + n ORDER BY i) FROM unnest(%1$s.cells, EXCLUDED.cells) WITH ORDINALITY AS c(o, n, i))";

    private final DataSource dataSource;
    private final Catalog catalog;

    public HeatRepository(DataSource dataSource, Catalog catalog) {
        this.dataSource = dataSource;
        this.catalog = catalog;
    }

    /** Adds the batch's cells to the days' grids (in key order, so rows are locked in one order). */
    public void addDays(SortedMap<HeatDay, long[]> cells) throws SQLException {
        if (cells.isEmpty()) {
            return;
        }
        var keys = cells.keySet();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO heat_days AS h (api_key, area, action_id, color_id, day, cells)
                        SELECT k, r, a, c, d, n::bigint[]
                        FROM unnest(?::text[], ?::text[], ?::smallint[], ?::smallint[], ?::date[], ?::text[])
                            AS u(k, r, a, c, d, n)
                        ON CONFLICT (api_key, area, action_id, day, color_id) DO UPDATE
                        SET cells =\s""" + ADD_CELLS.formatted("h"))) {
            SqlArrays.texts(upsert, 1, keys, key -> key.grid().apiKey());
            SqlArrays.texts(upsert, 2, keys, key -> key.grid().area());
            SqlArrays.texts(upsert, 3, keys, key -> String.valueOf(key.grid().actionId()));
            SqlArrays.texts(upsert, 4, keys, key -> String.valueOf(key.grid().colorId()));
            SqlArrays.texts(upsert, 5, keys, key -> key.day().toString());
            SqlArrays.texts(upsert, 6, keys, key -> literal(cells.get(key)));
            upsert.executeUpdate();
        }
    }

    /** Adds the batch's cells to the all-time grids (in key order); @return the grids as they now are. */
    public List<HeatGrid> addTotals(SortedMap<HeatGridKey, long[]> cells) throws SQLException {
        if (cells.isEmpty()) {
            return List.of();
        }
        var keys = cells.keySet();
        List<HeatGrid> changed = new ArrayList<>(cells.size());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert =
                        connection.prepareStatement("""
                        INSERT INTO heat_totals AS t (api_key, area, action_id, color_id, cells, version, updated_at)
                        SELECT k, r, a, c, n::bigint[], 1, now()
                        FROM unnest(?::text[], ?::text[], ?::smallint[], ?::smallint[], ?::text[]) AS u(k, r, a, c, n)
                        ON CONFLICT (api_key, area, action_id, color_id) DO UPDATE
                        SET cells =\s""" + ADD_CELLS.formatted("t") + """
                        , version = t.version + 1, updated_at = EXCLUDED.updated_at
                        RETURNING\s""" + TOTAL_COLUMNS)) {
            SqlArrays.texts(upsert, 1, keys, HeatGridKey::apiKey);
            SqlArrays.texts(upsert, 2, keys, HeatGridKey::area);
            SqlArrays.texts(upsert, 3, keys, key -> String.valueOf(key.actionId()));
            SqlArrays.texts(upsert, 4, keys, key -> String.valueOf(key.colorId()));
            SqlArrays.texts(upsert, 5, keys, key -> literal(cells.get(key)));
            try (ResultSet rows = upsert.executeQuery()) {
                while (rows.next()) {
                    changed.add(grid(rows));
                }
            }
        }
        return changed;
    }

    /** These all-time grids as committed now (those that exist), to tell whether a published value is still their latest. */
    public List<HeatGrid> currentTotals(Collection<HeatGrid> of) throws SQLException {
        if (of.isEmpty()) {
            return List.of();
        }
        List<HeatGrid> current = new ArrayList<>(of.size());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT " + TOTAL_COLUMNS + """
                         FROM heat_totals
                        WHERE (api_key, area, action_id, color_id) IN (
                            SELECT * FROM unnest(?::text[], ?::text[], ?::smallint[], ?::smallint[]))""")) {
            SqlArrays.texts(select, 1, of, HeatGrid::apiKey);
            SqlArrays.texts(select, 2, of, HeatGrid::area);
            SqlArrays.texts(select, 3, of, grid -> String.valueOf(catalog.actionId(grid.action())));
            SqlArrays.texts(select, 4, of, grid -> String.valueOf(catalog.colorId(grid.color())));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    current.add(grid(rows));
                }
            }
        }
        return current;
    }

    /** Every all-time grid, as committed (to publish them all again). */
    public List<HeatGrid> allTotals() throws SQLException {
        List<HeatGrid> grids = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT " + TOTAL_COLUMNS + " FROM heat_totals")) {
            while (rows.next()) {
                grids.add(grid(rows));
            }
        }
        return grids;
    }

    /** Deletes the daily grids of days before {@code firstKept}, a chunk per statement; @return how many. */
    public long deleteDaysBefore(LocalDate firstKept) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("""
                        DELETE FROM heat_days WHERE ctid IN (
                            SELECT ctid FROM heat_days WHERE day < ? LIMIT %d)""".formatted(CHUNK))) {
            delete.setDate(1, Date.valueOf(firstKept));
            return Chunks.deleteAll(delete, CHUNK);
        }
    }

    /** A grid as a PostgreSQL array literal, {@code {0,3,0,...}}: one text parameter per row. */
    static String literal(long[] cells) {
        StringBuilder literal = new StringBuilder(cells.length * 2 + 2).append('{');
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                literal.append(',');
            }
            literal.append(cells[i]);
        }
        return literal.append('}').toString();
    }

    private HeatGrid grid(ResultSet row) throws SQLException {
        Array array = row.getArray(5);
        Long[] boxed = (Long[]) array.getArray();
        long[] cells = new long[boxed.length];
        for (int i = 0; i < boxed.length; i++) {
            cells[i] = boxed[i];
        }
        array.free();
        return HeatGrid.of(
                row.getString(1),
                row.getString(2),
                catalog.action(row.getShort(3)),
                catalog.color(row.getShort(4)),
                cells,
                row.getLong(6),
                row.getTimestamp(7).toInstant());
    }
}
