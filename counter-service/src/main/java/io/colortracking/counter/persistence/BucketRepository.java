package io.colortracking.counter.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.SortedMap;
import javax.sql.DataSource;

/**
 * {@code count_buckets}, written: per-second, per-minute and per-hour rollups of the counts, one
 * upsert per distinct bucket of a batch. (Read through {@link BucketEntity}.)
 */
@ApplicationScoped
public class BucketRepository {

    private static final int CHUNK = 10_000;

    private final DataSource dataSource;

    public BucketRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Adds the amounts (in key order, so rows are locked in one order). */
    public void add(SortedMap<BucketKey, Long> amounts) throws SQLException {
        if (amounts.isEmpty()) {
            return;
        }
        var keys = amounts.keySet();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO count_buckets AS b (granularity, api_key, action_id, bucket_start, color_id, amount)
                        SELECT * FROM unnest(?::text[], ?::text[], ?::smallint[], ?::timestamptz[], ?::smallint[], ?::bigint[])
                        ON CONFLICT (api_key, action_id, granularity, bucket_start, color_id) DO UPDATE
                        SET amount = b.amount + EXCLUDED.amount""")) {
            SqlArrays.texts(upsert, 1, keys, BucketKey::granularity);
            SqlArrays.texts(upsert, 2, keys, BucketKey::apiKey);
            SqlArrays.texts(upsert, 3, keys, key -> String.valueOf(key.actionId()));
            SqlArrays.texts(upsert, 4, keys, BucketKey::start);
            SqlArrays.texts(upsert, 5, keys, key -> String.valueOf(key.colorId()));
            SqlArrays.texts(upsert, 6, keys, key -> String.valueOf(amounts.get(key)));
            upsert.executeUpdate();
        }
    }

    /** Deletes this granularity's buckets that start before {@code before}, a chunk per statement; @return how many. */
    public long deleteBefore(Granularity granularity, Instant before) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("""
                        DELETE FROM count_buckets WHERE ctid IN (
                            SELECT ctid FROM count_buckets WHERE granularity = ? AND bucket_start < ? LIMIT %d)""".formatted(CHUNK))) {
            delete.setString(1, granularity.label());
            delete.setTimestamp(2, Timestamp.from(before));
            return Chunks.deleteAll(delete, CHUNK);
        }
    }
}
