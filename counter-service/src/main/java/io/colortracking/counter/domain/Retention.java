package io.colortracking.counter.domain;

import io.colortracking.counter.config.CounterConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Keeps storage bounded: event ids older than the dedupe window and time buckets older than
 * their granularity's retention are deleted, a bounded chunk per statement so no delete holds
 * locks for long. Runs every minute on every instance; the deletes are idempotent.
 */
@Singleton
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);
    private static final int CHUNK = 10_000;

    private final DataSource dataSource;
    private final CounterConfig config;
    private ScheduledExecutorService scheduler;

    public Retention(DataSource dataSource, CounterConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "retention"));
        long every = config.retention().interval().toMillis();
        scheduler.scheduleWithFixedDelay(this::runQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private void runQuietly() {
        try {
            deleteExpired(Instant.now());
        } catch (SQLException e) {
            LOG.warnf("Retention postponed: %s", e.getMessage());
        }
    }

    /**
     * Deletes what has expired at {@code now}.
     *
     * @return how many rows were deleted
     */
    public long deleteExpired(Instant now) throws SQLException {
        long deleted = deleteInChunks("""
                DELETE FROM counted_events WHERE ctid IN (
                    SELECT ctid FROM counted_events WHERE counted_at < ? LIMIT %d)""".formatted(CHUNK),
                now.minus(config.dedupeWindow()), null);
        for (Granularity granularity : Granularity.values()) {
            deleted += deleteInChunks("""
                    DELETE FROM count_buckets WHERE ctid IN (
                        SELECT ctid FROM count_buckets WHERE granularity = ? AND bucket_start < ? LIMIT %d)"""
                    .formatted(CHUNK), now.minus(granularity.retention()), granularity.label());
        }
        return deleted;
    }

    private long deleteInChunks(String sql, Instant before, String granularity) throws SQLException {
        long total = 0;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(sql)) {
            int parameter = 1;
            if (granularity != null) {
                delete.setString(parameter++, granularity);
            }
            delete.setTimestamp(parameter, Timestamp.from(before));
            int deleted;
            do {
                deleted = delete.executeUpdate();
                total += deleted;
            } while (deleted == CHUNK);
        }
        return total;
    }
}
