package io.colortracking.counter.persistence;

import io.colortracking.counter.config.CounterConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/**
 * Keeps storage bounded: event ids older than the dedupe window, time buckets older than their
 * granularity's retention and heatmap days older than theirs are deleted, a bounded chunk per statement so no delete holds locks for
 * long. Runs every minute on every instance; the deletes are idempotent.
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);

    private final EventIdRepository eventIds;
    private final BucketRepository buckets;
    private final HeatRepository heat;
    private final CounterConfig config;

    public Retention(EventIdRepository eventIds, BucketRepository buckets, HeatRepository heat, CounterConfig config) {
        this.eventIds = eventIds;
        this.buckets = buckets;
        this.heat = heat;
        this.config = config;
    }

    @Scheduled(
            every = "${colortracking.retention.interval:1m}",
            delayed = "${colortracking.retention.interval:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            deleteExpired(Instant.now());
        } catch (SQLException e) {
            LOG.warnf("Retention postponed: %s", e.getMessage());
        }
    }

    /** Deletes what has expired at {@code now}; @return how many rows were deleted. */
    public long deleteExpired(Instant now) throws SQLException {
        long deleted = eventIds.deleteCountedBefore(now.minus(config.dedupeWindow()));
        for (Granularity granularity : Granularity.values()) {
            deleted += buckets.deleteBefore(granularity, now.minus(granularity.retention()));
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        deleted += heat.deleteDaysBefore(
                today.minusDays(Math.max(1, config.retention().heatmapDays()) - 1L));
        return deleted;
    }
}
