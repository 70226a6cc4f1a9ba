package io.colortracking.counter.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@code pointer_sessions} and {@code pointer_chunks} (partitioned by day): written a batch at a
 * time, one statement per table whatever the batch's size; chunks stored once per
 * (api_key, session, seq) by their primary key; expired days dropped as whole partitions.
 */
@ApplicationScoped
public class PointerRepository {

    private static final int CHUNK = 1_000;
    private static final DayPartitions CHUNK_DAYS = new DayPartitions("pointer_chunks", "day");

    /** A session as the batch first saw it: the row made when it is new. */
    public record NewSession(
            String apiKey,
            UUID session,
            LocalDate day,
            String page,
            Integer viewportW,
            Integer viewportH,
            Instant startedAt) {}

    /** A session's row, locked for the batch. */
    public record SessionDay(LocalDate day, boolean deleted, long samples) {}

    /** A chunk to store. */
    public record Chunk(
            LocalDate day,
            String apiKey,
            UUID session,
            int seq,
            Instant receivedAt,
            int sampleCount,
            long clicks,
            long lastT,
            byte[] samples) {}

    /** A session's row, as listed. */
    public record SessionRow(
            UUID session,
            String page,
            Integer viewportW,
            Integer viewportH,
            Instant startedAt,
            long lastTMs,
            int samples,
            int clicks,
            LocalDate day) {}

    /** What the stored chunks add to their sessions. */
    public record Added(String apiKey, UUID session, int samples, int clicks, long lastT, Instant startedAt) {}

    private final DataSource dataSource;

    public PointerRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Makes the sessions' rows where there are none and locks them all, in key order; @return each
     * session's day and whether it was deleted, by {@link #sessionKey}.
     */
    public Map<String, SessionDay> lockSessions(List<NewSession> sessions) throws SQLException {
        Map<String, SessionDay> days = new HashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO pointer_sessions (api_key, session, day, page, viewport_w, viewport_h, started_at)
                    SELECT k, s, d, p, w, h, t
                    FROM unnest(?::text[], ?::uuid[], ?::date[], ?::text[], ?::integer[], ?::integer[], ?::timestamptz[])
                        AS u(k, s, d, p, w, h, t)
                    ORDER BY k, s
                    ON CONFLICT (api_key, session) DO NOTHING""")) {
                SqlArrays.texts(insert, 1, sessions, NewSession::apiKey);
                SqlArrays.uuids(insert, 2, sessions, NewSession::session);
                SqlArrays.texts(insert, 3, sessions, s -> s.day().toString());
                SqlArrays.texts(insert, 4, sessions, NewSession::page);
                SqlArrays.texts(
                        insert,
                        5,
                        sessions,
                        s -> s.viewportW() == null ? null : s.viewportW().toString());
                SqlArrays.texts(
                        insert,
                        6,
                        sessions,
                        s -> s.viewportH() == null ? null : s.viewportH().toString());
                SqlArrays.texts(insert, 7, sessions, s -> s.startedAt().toString());
                insert.executeUpdate();
            }
            try (PreparedStatement lock = connection.prepareStatement("""
                    SELECT api_key, session, day, deleted, samples FROM pointer_sessions
                    WHERE (api_key, session) IN (SELECT * FROM unnest(?::text[], ?::uuid[]))
                    ORDER BY api_key, session
                    FOR UPDATE""")) {
                SqlArrays.texts(lock, 1, sessions, NewSession::apiKey);
                SqlArrays.uuids(lock, 2, sessions, NewSession::session);
                try (ResultSet rows = lock.executeQuery()) {
                    while (rows.next()) {
                        days.put(
                                sessionKey(rows.getString(1), rows.getObject(2, UUID.class)),
                                new SessionDay(rows.getDate(3).toLocalDate(), rows.getBoolean(4), rows.getLong(5)));
                    }
                }
            }
        }
        return days;
    }

    /** Stores the chunks not stored before; @return what the ones stored now add to their sessions. */
    public List<Chunk> insertChunks(List<Chunk> chunks) throws SQLException {
        if (chunks.isEmpty()) {
            return List.of();
        }
        Map<String, Chunk> byKey = new HashMap<>();
        chunks.forEach(chunk -> byKey.put(chunk.apiKey() + "/" + chunk.session() + "/" + chunk.seq(), chunk));
        List<Chunk> stored = new ArrayList<>();
        Base64.Encoder base64 = Base64.getEncoder();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO pointer_chunks (day, api_key, session, seq, received_at, sample_count, samples)
                        SELECT d, k, s, q, r, n, decode(b, 'base64')
                        FROM unnest(?::date[], ?::text[], ?::uuid[], ?::integer[], ?::timestamptz[], ?::integer[], ?::text[])
                            AS u(d, k, s, q, r, n, b)
                        ON CONFLICT DO NOTHING
                        RETURNING api_key, session, seq""")) {
            SqlArrays.texts(insert, 1, chunks, c -> c.day().toString());
            SqlArrays.texts(insert, 2, chunks, Chunk::apiKey);
            SqlArrays.uuids(insert, 3, chunks, Chunk::session);
            SqlArrays.texts(insert, 4, chunks, c -> String.valueOf(c.seq()));
            SqlArrays.texts(insert, 5, chunks, c -> c.receivedAt().toString());
            SqlArrays.texts(insert, 6, chunks, c -> String.valueOf(c.sampleCount()));
            SqlArrays.texts(insert, 7, chunks, c -> base64.encodeToString(c.samples()));
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    stored.add(
                            byKey.get(rows.getString(1) + "/" + rows.getObject(2, UUID.class) + "/" + rows.getInt(3)));
                }
            }
        }
        return stored;
    }

    /** Adds what newly stored chunks hold to their sessions (rows locked by {@link #lockSessions}). */
    public void addToSessions(Collection<Added> added) throws SQLException {
        if (added.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("""
                        UPDATE pointer_sessions AS p
                        SET samples = p.samples + u.n, clicks = p.clicks + u.c,
                            last_t_ms = greatest(p.last_t_ms, u.t), started_at = least(p.started_at, u.st)
                        FROM unnest(?::text[], ?::uuid[], ?::integer[], ?::integer[], ?::bigint[], ?::timestamptz[])
                            AS u(k, s, n, c, t, st)
                        WHERE p.api_key = u.k AND p.session = u.s""")) {
            SqlArrays.texts(update, 1, added, Added::apiKey);
            SqlArrays.uuids(update, 2, added, Added::session);
            SqlArrays.texts(update, 3, added, a -> String.valueOf(a.samples()));
            SqlArrays.texts(update, 4, added, a -> String.valueOf(a.clicks()));
            SqlArrays.longs(update, 5, added, Added::lastT);
            SqlArrays.texts(update, 6, added, a -> a.startedAt().toString());
            update.executeUpdate();
        }
    }

    /** The key's sessions that hold samples, started in [from, to), newest first. */
    public List<SessionRow> list(String apiKey, Instant from, Instant to, int limit) throws SQLException {
        List<SessionRow> sessions = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT " + SESSION_COLUMNS + """
                         FROM pointer_sessions
                        WHERE api_key = ? AND NOT deleted AND samples > 0 AND started_at >= ? AND started_at < ?
                        ORDER BY started_at DESC, session
                        LIMIT ?""")) {
            select.setString(1, apiKey);
            select.setTimestamp(2, Timestamp.from(from));
            select.setTimestamp(3, Timestamp.from(to));
            select.setInt(4, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    sessions.add(session(rows));
                }
            }
        }
        return sessions;
    }

    private static final String SESSION_COLUMNS =
            "session, page, viewport_w, viewport_h, started_at, last_t_ms, samples, clicks, day";

    /** The session, unless it does not exist, holds nothing or was deleted. */
    public Optional<SessionRow> find(String apiKey, UUID session) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT " + SESSION_COLUMNS
                        + " FROM pointer_sessions WHERE api_key = ? AND session = ? AND NOT deleted AND samples > 0")) {
            select.setString(1, apiKey);
            select.setObject(2, session);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(session(rows)) : Optional.empty();
            }
        }
    }

    /** The session's packed chunks, in seq order. */
    public List<byte[]> chunks(String apiKey, UUID session, LocalDate day) throws SQLException {
        List<byte[]> chunks = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT samples FROM pointer_chunks WHERE day = ? AND api_key = ? AND session = ? ORDER BY seq")) {
            select.setDate(1, Date.valueOf(day));
            select.setString(2, apiKey);
            select.setObject(3, session);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    chunks.add(rows.getBytes(1));
                }
            }
        }
        return chunks;
    }

    /**
     * Deletes the session's chunks and empties its row, kept as deleted so chunks still on their
     * way are dropped; @return whether there was such a session
     */
    public boolean delete(String apiKey, UUID session) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            LocalDate day;
            try (PreparedStatement mark = connection.prepareStatement("""
                    UPDATE pointer_sessions SET deleted = true, page = NULL, samples = 0, clicks = 0
                    WHERE api_key = ? AND session = ? AND NOT deleted
                    RETURNING day""")) {
                mark.setString(1, apiKey);
                mark.setObject(2, session);
                try (ResultSet rows = mark.executeQuery()) {
                    if (!rows.next()) {
                        return false;
                    }
                    day = rows.getDate(1).toLocalDate();
                }
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM pointer_chunks WHERE day = ? AND api_key = ? AND session = ?")) {
                delete.setDate(1, Date.valueOf(day));
                delete.setString(2, apiKey);
                delete.setObject(3, session);
                delete.executeUpdate();
            }
            return true;
        }
    }

    /** Creates the day partitions of {@code from} to {@code to} (inclusive) that do not exist yet. */
    public void createPartitions(LocalDate from, LocalDate to) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            CHUNK_DAYS.create(connection, from, to);
        }
    }

    /**
     * Removes what was stored before {@code firstKept}: whole partitions dropped, the default
     * partition's rows and the sessions' rows deleted a chunk at a time; @return how many sessions.
     */
    public long deleteBefore(LocalDate firstKept) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            CHUNK_DAYS.dropBefore(connection, firstKept);
            try (PreparedStatement delete = connection.prepareStatement("""
                    DELETE FROM pointer_sessions WHERE ctid IN (
                        SELECT ctid FROM pointer_sessions WHERE day < ? LIMIT %d)""".formatted(CHUNK))) {
                delete.setDate(1, Date.valueOf(firstKept));
                return Chunks.deleteAll(delete, CHUNK);
            }
        }
    }

    /** How {@link #lockSessions} names a session: its key and id. */
    public static String sessionKey(String apiKey, UUID session) {
        return apiKey + "/" + session;
    }

    private static SessionRow session(ResultSet row) throws SQLException {
        return new SessionRow(
                row.getObject(1, UUID.class),
                row.getString(2),
                (Integer) row.getObject(3),
                (Integer) row.getObject(4),
                row.getTimestamp(5).toInstant(),
                row.getLong(6),
                row.getInt(7),
                row.getInt(8),
                row.getDate(9).toLocalDate());
    }
}
