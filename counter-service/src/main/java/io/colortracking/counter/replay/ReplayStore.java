package io.colortracking.counter.replay;

import io.colortracking.counter.persistence.PointerRepository;
import io.colortracking.events.PointerChunk;
import io.colortracking.events.PointerSample;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The replay store: each pointer chunk stored exactly once per (api_key, session, seq), in bulk (a
 * batch is three statements whatever its size), its samples packed ({@link SampleCodec}); sessions
 * listed, replayed in order and deleted. A chunk re-sent by a client, or read again after a crash,
 * meets its original by primary key and changes nothing.
 */
@ApplicationScoped
public class ReplayStore {

    /** A stored session, as listed. */
    public record Session(UUID session, String page, Instant startedAt, Instant endedAt, int samples, int clicks) {}

    /** A session with its samples in order. */
    public record Replay(
            UUID session,
            String page,
            PointerChunk.Viewport viewport,
            Instant startedAt,
            List<PointerSample> samples) {}

    /**
     * Most samples one session keeps (about 3 hours of a pointer moving all the time at 10 a second):
     * a replay is read whole, so a session made endless on purpose must not exhaust the memory of
     * whoever replays it. Chunks beyond it are dropped.
     */
    public static final long MAX_SESSION_SAMPLES = 100_000;

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ReplayStore.class);

    private final PointerRepository repository;

    public ReplayStore(PointerRepository repository) {
        this.repository = repository;
    }

    /** Stores the chunks not stored before; @return how many were stored now. */
    @Transactional(rollbackOn = Exception.class)
    public int store(List<PointerChunk> batch) throws SQLException {
        if (batch.isEmpty()) {
            return 0;
        }
        Map<String, PointerChunk> unique = new LinkedHashMap<>();
        Map<String, PointerRepository.NewSession> sessions = new LinkedHashMap<>();
        for (PointerChunk chunk : batch) {
            unique.putIfAbsent(chunk.apiKey() + "/" + chunk.session() + "/" + chunk.seq(), chunk);
            sessions.putIfAbsent(
                    PointerRepository.sessionKey(chunk.apiKey(), chunk.session()),
                    new PointerRepository.NewSession(
                            chunk.apiKey(),
                            chunk.session(),
                            LocalDate.ofInstant(chunk.receivedAt(), ZoneOffset.UTC),
                            chunk.page(),
                            chunk.viewport() == null ? null : chunk.viewport().w(),
                            chunk.viewport() == null ? null : chunk.viewport().h(),
                            startOf(chunk)));
        }
        List<PointerRepository.NewSession> ordered = sessions.values().stream()
                .sorted(Comparator.comparing(PointerRepository.NewSession::apiKey)
                        .thenComparing(PointerRepository.NewSession::session))
                .toList();
        Map<String, PointerRepository.SessionDay> days = repository.lockSessions(ordered);
        List<PointerRepository.Chunk> chunks = new ArrayList<>();
        Map<String, Long> held = new java.util.HashMap<>();
        for (PointerChunk chunk : unique.values()) {
            String session = PointerRepository.sessionKey(chunk.apiKey(), chunk.session());
            PointerRepository.SessionDay day = days.get(session);
            if (day == null || day.deleted()) {
                continue; // deleted by its owner: chunks still on their way are not stored
            }
            List<PointerSample> samples = chunk.samples();
            long total = held.getOrDefault(session, day.samples()) + samples.size();
            if (total > MAX_SESSION_SAMPLES) {
                LOG.debugf(
                        "Session %s holds %d samples already: a chunk of it dropped", chunk.session(), day.samples());
                continue;
            }
            held.put(session, total);
            chunks.add(new PointerRepository.Chunk(
                    day.day(),
                    chunk.apiKey(),
                    chunk.session(),
                    chunk.seq(),
                    chunk.receivedAt(),
                    samples.size(),
                    chunk.clicks(),
                    samples.get(samples.size() - 1).t(),
                    SampleCodec.encode(samples)));
        }
        List<PointerRepository.Chunk> stored = repository.insertChunks(chunks);
        Map<String, PointerRepository.Added> added = new LinkedHashMap<>();
        for (PointerRepository.Chunk chunk : stored) {
            Instant start = chunk.receivedAt().minusMillis(chunk.lastT());
            added.merge(
                    PointerRepository.sessionKey(chunk.apiKey(), chunk.session()),
                    new PointerRepository.Added(
                            chunk.apiKey(),
                            chunk.session(),
                            chunk.sampleCount(),
                            (int) chunk.clicks(),
                            chunk.lastT(),
                            start),
                    (a, b) -> new PointerRepository.Added(
                            a.apiKey(),
                            a.session(),
                            a.samples() + b.samples(),
                            a.clicks() + b.clicks(),
                            Math.max(a.lastT(), b.lastT()),
                            a.startedAt().isBefore(b.startedAt()) ? a.startedAt() : b.startedAt()));
        }
        repository.addToSessions(added.values());
        return stored.size();
    }

    /** The key's sessions started in [from, to), newest first. */
    @Transactional
    public List<Session> sessions(String apiKey, Instant from, Instant to, int limit) throws SQLException {
        return repository.list(apiKey, from, to, limit).stream()
                .map(ReplayStore::session)
                .toList();
    }

    /** The session's samples in order, unless there is no such session (or it was deleted). */
    @Transactional
    public Optional<Replay> replay(String apiKey, UUID session) throws SQLException {
        Optional<PointerRepository.SessionRow> found = repository.find(apiKey, session);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        PointerRepository.SessionRow row = found.get();
        List<PointerSample> samples = new ArrayList<>(row.samples());
        for (byte[] chunk : repository.chunks(apiKey, session, row.day())) {
            samples.addAll(SampleCodec.decode(chunk));
        }
        PointerChunk.Viewport viewport = row.viewportW() == null || row.viewportH() == null
                ? null
                : new PointerChunk.Viewport(row.viewportW(), row.viewportH());
        return Optional.of(new Replay(session, row.page(), viewport, row.startedAt(), samples));
    }

    /** @return whether there was such a session; its samples are gone at once */
    @Transactional(rollbackOn = Exception.class)
    public boolean delete(String apiKey, UUID session) throws SQLException {
        return repository.delete(apiKey, session);
    }

    /** The estimate of when a session started: the chunk's arrival less its last sample's time. */
    private static Instant startOf(PointerChunk chunk) {
        List<PointerSample> samples = chunk.samples();
        long lastT = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).t();
        return chunk.receivedAt().minusMillis(lastT);
    }

    private static Session session(PointerRepository.SessionRow row) {
        return new Session(
                row.session(),
                row.page(),
                row.startedAt(),
                row.startedAt().plusMillis(row.lastTMs()),
                row.samples(),
                row.clicks());
    }
}
