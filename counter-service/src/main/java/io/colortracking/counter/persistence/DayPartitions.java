package io.colortracking.counter.persistence;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * A table partitioned by UTC day: {@code <table>_YYYYMMDD} per day and {@code <table>_default}
 * for a day without one. Days are made ahead and dropped whole: expiring them writes no row.
 */
final class DayPartitions {

    private static final Logger LOG = Logger.getLogger(DayPartitions.class);
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;
    private static final int CHUNK = 1_000;
    /** How long adding or dropping a partition may wait for the table's lock. */
    private static final String LOCK_TIMEOUT = "2s";

    private final String table;
    private final String column;
    private final Pattern name;

    /** @param column the day column the table is partitioned by */
    DayPartitions(String table, String column) {
        this.table = table;
        this.column = column;
        this.name = Pattern.compile(Pattern.quote(table) + "_(\\d{8})");
    }

    /**
     * Creates the partitions of {@code from} to {@code to} (inclusive) that do not exist yet. Adding
     * (and dropping) a partition locks the whole table, so each statement waits at most
     * {@link #LOCK_TIMEOUT} for it (writers queue behind a waiting one); a day not made now is tried
     * again by the next round.
     */
    void create(Connection connection, LocalDate from, LocalDate to) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET lock_timeout = '" + LOCK_TIMEOUT + "'");
            try {
                for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                    try {
                        statement.execute(
                                "CREATE TABLE IF NOT EXISTS %s_%s PARTITION OF %s FOR VALUES FROM ('%s') TO ('%s')"
                                        .formatted(table, day.format(SUFFIX), table, day, day.plusDays(1)));
                    } catch (SQLException e) {
                        // the table busy past the timeout, or the default partition holds that day's rows
                        LOG.warnf("Partition of %s for %s not created yet: %s", table, day, e.getMessage());
                    }
                }
            } finally {
                statement.execute("RESET lock_timeout");
            }
        }
    }

    /**
     * Drops the partitions of the days before {@code firstKept} and deletes those days' rows from
     * the default partition, a chunk at a time; @return the rows deleted from the default partition.
     */
    long dropBefore(Connection connection, LocalDate firstKept) throws SQLException {
        List<String> expired = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                        SELECT c.relname FROM pg_inherits i
                        JOIN pg_class c ON c.oid = i.inhrelid
                        JOIN pg_class p ON p.oid = i.inhparent
                        WHERE p.relname = ?""")) {
            select.setString(1, table);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Matcher day = name.matcher(rows.getString(1));
                    if (day.matches() && LocalDate.parse(day.group(1), SUFFIX).isBefore(firstKept)) {
                        expired.add(rows.getString(1));
                    }
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET lock_timeout = '" + LOCK_TIMEOUT + "'");
            try {
                for (String partition : expired) {
                    statement.execute("DROP TABLE IF EXISTS " + partition);
                }
            } finally {
                statement.execute("RESET lock_timeout");
            }
        }
        try (PreparedStatement delete = connection.prepareStatement("""
                DELETE FROM %1$s_default WHERE ctid IN (
                    SELECT ctid FROM %1$s_default WHERE %2$s < ? LIMIT %3$d)""".formatted(table, column, CHUNK))) {
            delete.setDate(1, Date.valueOf(firstKept));
            return Chunks.deleteAll(delete, CHUNK);
        }
    }
}
