package io.colortracking.counter.persistence;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Runs a delete of at most {@code chunk} rows again until it deletes fewer: no delete holds locks for long. */
final class Chunks {

    private Chunks() {}

    static long deleteAll(PreparedStatement delete, int chunk) throws SQLException {
        long total = 0;
        int deleted;
        do {
            deleted = delete.executeUpdate();
            total += deleted;
        } while (deleted == chunk);
        return total;
    }
}
