package io.colortracking.counter.persistence;

import io.colortracking.counter.config.CounterConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/**
 * Keeps storage bounded: event ids older than the dedupe window (whole day partitions dropped), time buckets older than their
 * granularity's retention, heatmap days and recorded sessions older than theirs are deleted (the
 * sessions' chunks by dropping whole day partitions), a bounded chunk per statement so no delete holds locks for
 * long. Runs every minute on every instance; the deletes are idempotent.
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);

    private final EventIdRepository eventIds;
    private final BucketRepository buckets;
    private final HeatRepository heat;
    private final PointerRepository pointer;
    private final CounterConfig config;

    public Retention(
            EventIdRepository eventIds,
            BucketRepository buckets,
            HeatRepository heat,
            PointerRepository pointer,
            CounterConfig config) {
        this.eventIds = eventIds;
        this.buckets = buckets;
        this.heat = heat;
        this.pointer = pointer;
        this.config = config;
    }

    /**
     * The day partitions of the pointer tracks and of the counted ids exist before the first row
     * comes (a default partition catches one that does not).
     */
    void onStart(@Observes StartupEvent event) {
        try {
            createPartitions(Instant.now());
        } catch (SQLException e) {
            LOG.warnf("Day partitions not created yet (the retention job tries again): %s", e.getMessage());
        }
    }

    /** Yesterday's to the day after tomorrow's, so a clock a little off or a late job never misses one. */
    void createPartitions(Instant now) throws SQLException {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        pointer.createPartitions(today.minusDays(1), today.plusDays(2));
        eventIds.createPartitions(today.minusDays(1), today.plusDays(2));
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
        long deleted = eventIds.forgetExpired(now);
        for (Granularity granularity : Granularity.values()) {
            deleted += buckets.deleteBefore(granularity, now.minus(granularity.retention()));
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        deleted += heat.deleteDaysBefore(
                today.minusDays(Math.max(1, config.retention().heatmapDays()) - 1L));
        createPartitions(now);
        deleted += pointer.deleteBefore(
                today.minusDays(Math.max(1, config.retention().pointerDays()) - 1L));
        return deleted;
    }
}
