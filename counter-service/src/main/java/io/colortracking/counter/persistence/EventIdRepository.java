package io.colortracking.counter.persistence;

import io.colortracking.counter.config.CounterConfig;
import io.colortracking.events.ColorEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * {@code event_ids}: one narrow row per counted event id (the id, the tenant's number, the day),
 * so a client's retry with the same id is counted once. Written in bulk, one statement per batch:
 * an id is new when no other day of the dedupe window holds it (an index probe per id into those
 * days' partitions, tomorrow's included for a clock a little ahead) and today's does not either
 * (the primary key). Exact as long as one transaction at a time handles an id (an id's events are on
 * one partition); the same id sent as a click and as a hover, counted by two instances at the same
 * moment across midnight, could count twice. Each row sits in the partition of
 * the UTC day it was counted; whole days are dropped once the window has passed.
 */
@ApplicationScoped
public class EventIdRepository {

    private static final DayPartitions DAYS = new DayPartitions("event_ids", "counted_on");

    private final DataSource dataSource;
    private final TenantNumbers tenants;
    private final int windowDays;

    public EventIdRepository(DataSource dataSource, TenantNumbers tenants, CounterConfig config) {
        this.dataSource = dataSource;
        this.tenants = tenants;
        this.windowDays = windowDays(config.dedupeWindow());
    }

    /** Whole days an id is looked for before today: the window, rounded up (48 h: the two days before). */
    static int windowDays(Duration window) {
        return (int) Math.max(1, (window.toSeconds() + 86_399) / 86_400);
    }

    /**
     * Records the events' ids.
     *
     * @return the events whose id was not recorded before, in order (of several copies of one id
     *     within the list, the first)
     */
    public List<ColorEvent> recordFirstSeen(List<ColorEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> numbers =
                tenants.of(events.stream().map(ColorEvent::apiKey).collect(Collectors.toSet()));
        LocalDate today = LocalDate.ofInstant(Instant.now(), ZoneOffset.UTC);
        Set<EventKey> inserted = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO event_ids (event_id, tenant, counted_on)
                        SELECT b.e, b.t, ? FROM (SELECT * FROM unnest(?::uuid[], ?::int[]) AS u(e, t) ORDER BY e) b
                        LEFT JOIN LATERAL (
                            SELECT 1 AS hit FROM event_ids o
                            WHERE o.event_id = b.e AND o.tenant = b.t
                                AND (o.counted_on >= ? AND o.counted_on < ? OR o.counted_on = ?)
                            LIMIT 1) earlier ON true
                        WHERE earlier.hit IS NULL
                        ON CONFLICT DO NOTHING
                        RETURNING event_id, tenant""")) {
            insert.setDate(1, Date.valueOf(today));
            SqlArrays.uuids(insert, 2, events, ColorEvent::id);
            SqlArrays.ints(insert, 3, events, event -> numbers.get(event.apiKey()));
            // the window's other days: the days before today, and tomorrow (an instance whose clock runs
            // a little ahead). Today's partition is left to the insert's conflict check: a range that also
            // held today made the probe search its index too, a second time per id
            insert.setDate(4, Date.valueOf(today.minusDays(windowDays)));
            insert.setDate(5, Date.valueOf(today));
            insert.setDate(6, Date.valueOf(today.plusDays(1)));
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    inserted.add(new EventKey(rows.getInt(2), rows.getObject(1, UUID.class)));
                }
            }
        }
        List<ColorEvent> firstSeen = new ArrayList<>(inserted.size());
        for (ColorEvent event : events) {
            // remove, so a second copy of the same id within this batch is not counted either
            if (inserted.remove(new EventKey(numbers.get(event.apiKey()), event.id()))) {
                firstSeen.add(event);
            }
        }
        return firstSeen;
    }

    /** Creates the day partitions of {@code from} to {@code to} (inclusive) that do not exist yet. */
    public void createPartitions(LocalDate from, LocalDate to) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            DAYS.create(connection, from, to);
        }
    }

    /**
     * Forgets the ids of the days no longer looked at ({@link #windowDays} before today): their
     * partitions dropped whole; @return the rows deleted from the default partition.
     */
    public long forgetExpired(Instant now) throws SQLException {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        try (Connection connection = dataSource.getConnection()) {
            return DAYS.dropBefore(connection, today.minusDays(windowDays));
        }
    }

    private record EventKey(int tenant, UUID id) {}
}
