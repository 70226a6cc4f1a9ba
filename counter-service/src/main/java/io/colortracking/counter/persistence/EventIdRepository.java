package io.colortracking.counter.persistence;

import io.colortracking.events.ColorEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@code counted_events}: one compact row per counted event id, so a client's retry with the same
 * id is counted once. Written in bulk, one statement per batch.
 */
@ApplicationScoped
public class EventIdRepository {

    private static final int CHUNK = 10_000;

    private final DataSource dataSource;

    public EventIdRepository(DataSource dataSource) {
        this.dataSource = dataSource;
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
        Set<EventKey> inserted = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO counted_events (api_key, event_id, received_at)
                        SELECT k, e, timestamptz 'epoch' + (m / 1000000) * interval '1 second' + (m % 1000000) * interval '1 microsecond'
                        FROM unnest(?::text[], ?::uuid[], ?::bigint[]) AS u(k, e, m)
                        ON CONFLICT DO NOTHING
                        RETURNING api_key, event_id""")) {
            SqlArrays.texts(insert, 1, events, ColorEvent::apiKey);
            SqlArrays.uuids(insert, 2, events, ColorEvent::id);
            SqlArrays.longs(insert, 3, events, event -> epochMicros(event.receivedAt()));
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    inserted.add(new EventKey(rows.getString(1), rows.getObject(2, UUID.class)));
                }
            }
        }
        List<ColorEvent> firstSeen = new ArrayList<>(inserted.size());
        for (ColorEvent event : events) {
            // remove, so a second copy of the same id within this batch is not counted either
            if (inserted.remove(new EventKey(event.apiKey(), event.id()))) {
                firstSeen.add(event);
            }
        }
        return firstSeen;
    }

    /** Forgets ids counted before {@code before}, a bounded chunk per statement; @return how many. */
    public long deleteCountedBefore(Instant before) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("""
                        DELETE FROM counted_events WHERE ctid IN (
                            SELECT ctid FROM counted_events WHERE counted_at < ? LIMIT %d)""".formatted(CHUNK))) {
            delete.setTimestamp(1, Timestamp.from(before));
            return Chunks.deleteAll(delete, CHUNK);
        }
    }

    private record EventKey(String apiKey, UUID id) {}

    private static long epochMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }
}
