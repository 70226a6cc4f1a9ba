package io.colortracking.broadcast.live;

import io.colortracking.broadcast.config.BroadcastConfig;
import io.colortracking.broadcast.view.CountsView;
import io.colortracking.broadcast.view.HeatView;
import io.colortracking.common.CloseCodes;
import io.colortracking.common.keys.ApiKeys;
import io.colortracking.events.ColorAggregate;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The open sessions of every endpoint, by tenant. A change goes out at once to every session
 * that was not sent a frame within the last flush interval; the others gather it (one latest
 * value per counter) and get it when their interval is over. So each client gets at most one
 * round of frames per interval whatever the event rate, an isolated change is not delayed, and a
 * client that does not read holds one value per counter and delays nobody.
 */
@ApplicationScoped
public class LiveSessions {

    private static final Logger LOG = Logger.getLogger(LiveSessions.class);
    /** How often clients are checked for the stuck timeout. */
    private static final long STUCK_CHECK_MS = 250;

    private final Map<String, Set<LiveSession>> byTenant = new ConcurrentHashMap<>();
    private final Map<String, LiveSession> byId = new ConcurrentHashMap<>();
    private final Set<LiveSession> dirty = ConcurrentHashMap.newKeySet();
    private final CountsView view;
    private final BroadcastConfig config;
    private final Vertx vertx;
    private final ApiKeys keys;
    private final LiveMetrics metrics;
    private final AtomicBoolean flushRequested = new AtomicBoolean();
    /** Every flush runs here, one at a time. */
    private volatile Context context;
    /** Set once the instance is stopping: every session is closed and new ones at once. */
    private volatile boolean goingAway;

    public LiveSessions(CountsView view, BroadcastConfig config, Vertx vertx, ApiKeys keys, LiveMetrics metrics) {
        this.view = view;
        this.config = config;
        this.vertx = vertx;
        this.keys = keys;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) {
        context = vertx.getOrCreateContext();
        // a change is flushed at once (flushSoon); this tick sends what waited for a client's interval
        long tick = Math.max(1, config.live().flushInterval().toMillis() / 5);
        context.runOnContext(started -> {
            vertx.setPeriodic(tick, id -> flush());
            vertx.setPeriodic(STUCK_CHECK_MS, id -> closeStuck());
        });
        keys.onRevoked(this::closeTenant);
        for (String endpoint : List.of("live", "cable", "sse")) {
            metrics.connected(
                    endpoint,
                    byId,
                    sessions -> sessions.values().stream()
                            .filter(session -> session.outlet.endpoint().equals(endpoint))
                            .count());
        }
    }

    /**
     * Registers the session, then writes its opening frames: registered first, so no change falls
     * between the two; its updates wait until the opening is out.
     */
    public void open(LiveSession session) {
        byId.put(session.outlet.id(), session);
        byTenant.computeIfAbsent(session.apiKey, k -> ConcurrentHashMap.newKeySet())
                .add(session);
        if (goingAway) {
            session.outlet.close(CloseCodes.GOING_AWAY, "server stopping, reconnect");
            closed(session.outlet.id(), LiveMetrics.GOING_AWAY);
            return;
        }
        if (keys.active(session.apiKey).isEmpty()) {
            // revoked between the key check and the registration: closeTenant may have missed it
            session.outlet.close(CloseCodes.UNAUTHORIZED, "API key revoked");
            closed(session.outlet.id(), LiveMetrics.REVOKED);
            return;
        }
        List<String> opening = session.format.opening(session, view);
        if (opening.isEmpty()) {
            session.opened = true;
            return;
        }
        session.write(opening, metrics, () -> {
            session.opened = true;
            if (session.hasWork()) {
                dirty.add(session);
            }
        });
    }

    /** The client left (or was closed). */
    public void closed(String id, String reason) {
        LiveSession session = byId.remove(id);
        if (session == null) {
            return;
        }
        session.closed = true;
        dirty.remove(session);
        byTenant.computeIfPresent(session.apiKey, (key, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
        });
        metrics.closed(reason);
    }

    /**
     * The instance is stopping: every session is closed with 1001 (going away; SSE: a last
     * {@code close} event and the end of the stream), and so is every session opened from now on.
     * Clients reconnect and resync from a snapshot, on another instance once this one has left the
     * load balancer.
     *
     * @return how many sessions were open
     */
    public int closeAll() {
        goingAway = true;
        int open = 0;
        for (LiveSession session : List.copyOf(byId.values())) {
            session.outlet.close(CloseCodes.GOING_AWAY, "server stopping, reconnect");
            closed(session.outlet.id(), LiveMetrics.GOING_AWAY);
            open++;
        }
        return open;
    }

    /** The tenant's open sessions (for tests and diagnostics). */
    Set<LiveSession> sessionsOf(String apiKey) {
        return Set.copyOf(byTenant.getOrDefault(apiKey, Set.of()));
    }

    public LiveSession session(String id) {
        return byId.get(id);
    }

    /** The session has work of its own (a new subscription): it goes out with the next flush. */
    public void poke(LiveSession session) {
        if (!session.closed) {
            dirty.add(session);
            flushSoon();
        }
    }

    /** A counter changed: every session of its tenant gets it with the next flush. */
    public void changed(ColorAggregate aggregate) {
        Set<LiveSession> sessions = byTenant.get(aggregate.apiKey());
        if (sessions == null || sessions.isEmpty()) {
            return;
        }
        var change = new Frames.Change(
                aggregate.action().wireName(), aggregate.color(), aggregate.amount(), aggregate.version());
        offerAll(sessions, session -> session.offer(change));
    }

    /** Cells of one area's heatmap changed: every session of the tenant that asked for the area gets them with the next flush. */
    public void heatChanged(String apiKey, String area, List<HeatView.Cell> cells) {
        Set<LiveSession> sessions = byTenant.get(apiKey);
        if (sessions == null || sessions.isEmpty() || cells.isEmpty()) {
            return;
        }
        offerAll(sessions, session -> {
            if (!session.heatAreas.contains(area)) {
                return null;
            }
            boolean coalesced = false;
            for (HeatView.Cell cell : cells) {
                coalesced |= session.offerHeat(cell);
            }
            return coalesced;
        });
    }

    /**
     * Offers a change to each session ({@code offer}: whether it coalesced with one waiting, or
     * {@code null} when the session does not take it) and flushes at once the sessions that may be written now.
     */
    private void offerAll(Set<LiveSession> sessions, java.util.function.Function<LiveSession, Boolean> offer) {
        long now = System.nanoTime();
        boolean sendable = false;
        for (LiveSession session : sessions) {
            if (session.closed) {
                continue;
            }
            Boolean coalesced = offer.apply(session);
            if (coalesced == null) {
                continue;
            }
            if (coalesced) {
                metrics.coalesced();
            }
            dirty.add(session);
            sendable |= session.opened && !session.writing && now - session.notBefore >= 0;
        }
        if (sendable) {
            flushSoon(); // the others wait for their interval (the tick) or their write
        }
    }

    /** A flush as soon as the flushing context is free; requests meanwhile are one flush. */
    private void flushSoon() {
        Context flushing = context;
        if (flushing != null && flushRequested.compareAndSet(false, true)) {
            flushing.runOnContext(now -> {
                flushRequested.set(false);
                flush();
            });
        }
    }

    /** The tenant's key was revoked: every one of its sessions is closed with 4401. */
    void closeTenant(String apiKey) {
        Set<LiveSession> sessions = byTenant.get(apiKey);
        if (sessions == null) {
            return;
        }
        for (LiveSession session : Set.copyOf(sessions)) {
            session.outlet.close(CloseCodes.UNAUTHORIZED, "API key revoked");
            closed(session.outlet.id(), LiveMetrics.REVOKED);
        }
    }

    private void closeStuck() {
        long now = System.nanoTime();
        long stuckAfter = config.live().stuckTimeout().toNanos();
        for (LiveSession session : byId.values()) {
            if (session.writing && now - session.writingSince > stuckAfter) {
                // it has not taken a frame for that long: free its slot, it can reconnect and resync
                LOG.infof(
                        "Closing %s: it did not read for %s",
                        session.outlet.id(), config.live().stuckTimeout());
                session.outlet.close(CloseCodes.TOO_SLOW, "did not read updates in time");
                closed(session.outlet.id(), LiveMetrics.STUCK);
            }
        }
    }

    private void flush() {
        if (dirty.isEmpty()) {
            return; // the usual tick: skip walking a set sized for every client
        }
        long now = System.nanoTime();
        long interval = config.live().flushInterval().toNanos();
        for (LiveSession session : dirty) {
            if (session.closed) {
                dirty.remove(session);
                continue;
            }
            if (!session.opened || session.writing || now - session.notBefore < 0) {
                continue; // stays dirty; its changes keep merging until it can be written
            }
            dirty.remove(session);
            List<String> frames = session.format.update(session, session.drain(), session.drainHeat(), view);
            if (!frames.isEmpty()) {
                session.notBefore = now + interval;
                session.write(frames, metrics, () -> {});
            }
        }
    }
}
