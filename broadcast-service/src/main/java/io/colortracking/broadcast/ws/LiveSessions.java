package io.colortracking.broadcast.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.broadcast.config.BroadcastConfig;
import io.colortracking.broadcast.keys.ApiKeys;
import io.colortracking.events.ColorAggregate;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.CloseReason;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The open {@code /v1/live} sessions by tenant. Changes are gathered per session and flushed on a
 * timer, so each client gets at most one frame per flush interval whatever the event rate.
 */
@ApplicationScoped
public class LiveSessions {

    private static final Logger LOG = Logger.getLogger(LiveSessions.class);

    private final Map<String, Set<LiveSession>> byTenant = new ConcurrentHashMap<>();
    private final Map<String, LiveSession> byConnection = new ConcurrentHashMap<>();
    private final Set<LiveSession> dirty = ConcurrentHashMap.newKeySet();
    private final ObjectMapper mapper;
    private final BroadcastConfig config;
    private final Vertx vertx;
    private final ApiKeys keys;

    public LiveSessions(ObjectMapper mapper, BroadcastConfig config, Vertx vertx, ApiKeys keys) {
        this.mapper = mapper;
        this.config = config;
        this.vertx = vertx;
        this.keys = keys;
    }

    void onStart(@Observes StartupEvent event) {
        vertx.setPeriodic(config.live().flushInterval().toMillis(), id -> flush());
        keys.onRevoked(this::closeTenant);
    }

    /** The tenant's key was revoked: every one of its sessions is closed with 4401. */
    void closeTenant(String apiKey) {
        Set<LiveSession> sessions = byTenant.get(apiKey);
        if (sessions == null) {
            return;
        }
        for (LiveSession session : Set.copyOf(sessions)) {
            session.connection.close(new CloseReason(LiveSocket.UNAUTHORIZED, "API key revoked"))
                    .subscribe().with(done -> { }, error -> { });
            remove(session.connection.id());
        }
    }

    void add(LiveSession session) {
        byConnection.put(session.connection.id(), session);
        byTenant.computeIfAbsent(session.apiKey, k -> ConcurrentHashMap.newKeySet()).add(session);
    }

    void remove(String connectionId) {
        LiveSession session = byConnection.remove(connectionId);
        if (session == null) {
            return;
        }
        Set<LiveSession> sessions = byTenant.get(session.apiKey);
        if (sessions != null) {
            sessions.remove(session);
        }
        dirty.remove(session);
    }

    /** A counter changed: every session of its tenant gets it with the next flush. */
    public void changed(ColorAggregate aggregate) {
        Set<LiveSession> sessions = byTenant.get(aggregate.apiKey());
        if (sessions == null || sessions.isEmpty()) {
            return;
        }
        var change = new Frames.Change(aggregate.action().wireName(), aggregate.color(), aggregate.amount(),
                aggregate.version());
        for (LiveSession session : sessions) {
            session.offer(change);
            dirty.add(session);
        }
    }

    /** Marks a session whose snapshot is out, so changes gathered meanwhile go out next. */
    void snapshotSent(LiveSession session) {
        session.snapshotSent = true;
        if (session.hasPending()) {
            dirty.add(session);
        }
    }

    private void flush() {
        long now = System.nanoTime();
        long stuckAfter = config.live().stuckTimeout().toNanos();
        for (LiveSession session : dirty) {
            if (session.writing && now - session.writingSince > stuckAfter) {
                // it has not read a frame for that long: free its slot, it can reconnect and resync
                LOG.infof("Closing %s: it did not read updates for %s", session.connection.id(), config.live().stuckTimeout());
                session.connection.close(new CloseReason(LiveSocket.TOO_SLOW, "did not read updates in time"))
                        .subscribe().with(done -> { }, error -> { });
                remove(session.connection.id());
                continue;
            }
            if (!session.snapshotSent || session.writing) {
                continue; // stays dirty; its changes keep merging until it can be written
            }
            dirty.remove(session);
            List<Frames.Change> changes = session.drain();
            if (changes.isEmpty()) {
                continue;
            }
            String frame;
            try {
                frame = mapper.writeValueAsString(new Frames.UpdateFrame(changes));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            session.writingSince = now;
            session.writing = true;
            session.connection.sendText(frame).subscribe().with(
                    ok -> session.writing = false,
                    error -> {
                        session.writing = false;
                        LOG.debugf("Update to %s failed: %s", session.connection.id(), error.toString());
                    });
        }
    }
}
