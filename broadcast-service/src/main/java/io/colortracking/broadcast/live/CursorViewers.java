package io.colortracking.broadcast.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.broadcast.config.BroadcastConfig;
import io.colortracking.common.CloseCodes;
import io.colortracking.common.keys.ApiKeys;
import io.colortracking.events.ApiKey;
import io.colortracking.events.PointerChunk;
import io.colortracking.events.PointerSample;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Live cursors: who is on a tenant's pages now (a visitor is a session whose chunks keep coming)
 * and where each pointer is, for the viewers that hold the tenant's read token. A viewer gets
 * {@code presence} first, then {@code joined}, {@code cursors} (the latest position of each session
 * that moved) and {@code left} (after {@link BroadcastConfig.Cursors#leftAfter} without samples)
 * frames, at most one round per flush interval; a viewer that does not read holds one pending
 * position per visitor, never a backlog, and delays nobody. Everything runs on one Vert.x context,
 * so the state needs no locks.
 */
@ApplicationScoped
public class CursorViewers {

    private static final Logger LOG = Logger.getLogger(CursorViewers.class);
    private static final long LEFT_CHECK_MS = 1_000;
    /** Most visitors one tenant's live view follows at once (its presence frame lists them all). */
    static final int MAX_VISITORS = 10_000;

    /** A visitor now: the session, its page, since when, its latest position. */
    private static final class Visitor {
        final UUID session;
        final String page;
        final Instant since;
        long lastSeenNanos;
        PointerSample latest;

        Visitor(UUID session, String page, Instant since) {
            this.session = session;
            this.page = page;
            this.since = since;
        }
    }

    /** One viewer's socket and what it has not been sent yet. */
    private static final class Viewer {
        final Outlet outlet;
        final String apiKey;
        final Map<UUID, Visitor> joined = new LinkedHashMap<>();
        final Map<UUID, PointerSample> positions = new LinkedHashMap<>();
        final Set<UUID> left = new LinkedHashSet<>();
        long lastSentNanos;
        boolean sending;

        Viewer(Outlet outlet, String apiKey) {
            this.outlet = outlet;
            this.apiKey = apiKey;
        }

        boolean hasPending() {
            return !joined.isEmpty() || !positions.isEmpty() || !left.isEmpty();
        }
    }

    private final Map<String, Map<UUID, Visitor>> visitors = new HashMap<>();
    private final Map<String, Map<String, Viewer>> viewers = new HashMap<>();
    private final Map<String, Viewer> byId = new HashMap<>();
    private final ObjectMapper mapper;
    private final BroadcastConfig config;
    private final Vertx vertx;
    private final ApiKeys keys;
    private volatile Context context;
    private volatile boolean goingAway;

    public CursorViewers(ObjectMapper mapper, BroadcastConfig config, Vertx vertx, ApiKeys keys) {
        this.mapper = mapper;
        this.config = config;
        this.vertx = vertx;
        this.keys = keys;
    }

    void onStart(@Observes StartupEvent event) {
        context = vertx.getOrCreateContext();
        context.runOnContext(started -> {
            // a change goes out at once when the viewer's interval is over; this tick sends what waited
            vertx.setPeriodic(Math.max(1, config.cursors().flushInterval().toMillis() / 5), id -> flushAll());
            vertx.setPeriodic(LEFT_CHECK_MS, id -> dropLeft(System.nanoTime()));
        });
        keys.onRevoked(apiKey -> onContext(() -> closeTenant(apiKey)));
        keys.onReadTokenInvalidated(apiKey -> onContext(() -> closeTenant(apiKey)));
    }

    /**
     * A viewer admitted with the tenant's read token: sent who is here now, then what changes. The
     * token is checked again here, where rotations are applied, so one rotated between the
     * upgrade's check and now never gets a viewer in.
     */
    public void open(Outlet outlet, ApiKey key) {
        String apiKey = key.apiKey();
        onContext(() -> {
            if (goingAway) {
                outlet.close(CloseCodes.GOING_AWAY, "server stopping, reconnect");
                return;
            }
            boolean stillValid = key.readTokenSha256() != null
                    && keys.readableWith(key.readTokenSha256())
                            .map(current -> current.apiKey().equals(apiKey))
                            .orElse(false);
            if (!stillValid) {
                outlet.close(CloseCodes.UNAUTHORIZED, "The read token was rotated or its key revoked");
                return;
            }
            Viewer viewer = new Viewer(outlet, apiKey);
            byId.put(outlet.id(), viewer);
            viewers.computeIfAbsent(apiKey, tenant -> new LinkedHashMap<>()).put(outlet.id(), viewer);
            List<Map<String, Object>> present = new ArrayList<>();
            for (Visitor visitor : visitors.getOrDefault(apiKey, Map.of()).values()) {
                present.add(presence(visitor));
                if (visitor.latest != null) {
                    viewer.positions.put(visitor.session, visitor.latest);
                }
            }
            send(viewer, List.of(json(Map.of("type", "presence", "sessions", present))));
        });
    }

    public void closed(String id) {
        onContext(() -> {
            Viewer viewer = byId.remove(id);
            if (viewer != null) {
                Map<String, Viewer> ofTenant = viewers.get(viewer.apiKey);
                if (ofTenant != null) {
                    ofTenant.remove(id);
                    if (ofTenant.isEmpty()) {
                        viewers.remove(viewer.apiKey);
                    }
                }
            }
        });
    }

    /** A chunk read from {@code pointer_tracks} (any thread). */
    public void chunk(PointerChunk chunk) {
        if (chunk.samples().isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        onContext(() -> {
            Map<UUID, Visitor> present = visitors.computeIfAbsent(chunk.apiKey(), key -> new HashMap<>());
            Visitor visitor = present.get(chunk.session());
            boolean joined = visitor == null;
            if (joined && present.size() >= MAX_VISITORS) {
                return; // a tenant's live view holds at most this many visitors; the rest are only recorded
            }
            if (joined) {
                visitor = new Visitor(chunk.session(), chunk.page(), chunk.receivedAt());
                present.put(chunk.session(), visitor);
            }
            visitor.lastSeenNanos = now;
            PointerSample last = chunk.samples().get(chunk.samples().size() - 1);
            if (visitor.latest == null || last.t() >= visitor.latest.t()) {
                visitor.latest = last;
            }
            for (Viewer viewer : viewers.getOrDefault(chunk.apiKey(), Map.of()).values()) {
                if (joined) {
                    viewer.left.remove(chunk.session());
                    viewer.joined.put(chunk.session(), visitor);
                }
                viewer.positions.put(chunk.session(), visitor.latest);
                if (now - viewer.lastSentNanos
                        >= config.cursors().flushInterval().toNanos()) {
                    flush(viewer);
                }
            }
        });
    }

    /**
     * Every viewer is closed with 1001, and every one opened from now on (on the context, waited for
     * at most a second); @return how many were open.
     */
    public int closeAll() {
        goingAway = true;
        if (context == null) {
            return 0;
        }
        java.util.concurrent.CompletableFuture<Integer> closed = new java.util.concurrent.CompletableFuture<>();
        onContext(() -> {
            List<Viewer> open = List.copyOf(byId.values());
            for (Viewer viewer : open) {
                viewer.outlet.close(CloseCodes.GOING_AWAY, "server stopping, reconnect");
            }
            byId.clear();
            viewers.clear();
            closed.complete(open.size());
        });
        try {
            return closed.get(1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private void closeTenant(String apiKey) {
        Map<String, Viewer> ofTenant = viewers.remove(apiKey);
        if (ofTenant == null) {
            return;
        }
        for (Viewer viewer : ofTenant.values()) {
            byId.remove(viewer.outlet.id());
            viewer.outlet.close(CloseCodes.UNAUTHORIZED, "The read token was rotated or its key revoked");
        }
    }

    private void dropLeft(long now) {
        long limit = config.cursors().leftAfter().toNanos();
        for (var tenant : visitors.entrySet()) {
            List<UUID> gone = new ArrayList<>();
            tenant.getValue().values().removeIf(visitor -> {
                if (now - visitor.lastSeenNanos >= limit) {
                    gone.add(visitor.session);
                    return true;
                }
                return false;
            });
            if (gone.isEmpty()) {
                continue;
            }
            for (Viewer viewer : viewers.getOrDefault(tenant.getKey(), Map.of()).values()) {
                for (UUID session : gone) {
                    viewer.positions.remove(session);
                    if (viewer.joined.remove(session) == null) {
                        viewer.left.add(session);
                    }
                }
            }
        }
        visitors.values().removeIf(Map::isEmpty);
    }

    private void flushAll() {
        long now = System.nanoTime();
        long stuck = config.live().stuckTimeout().toNanos();
        for (Viewer viewer : List.copyOf(byId.values())) {
            if (viewer.sending && now - viewer.lastSentNanos > stuck) {
                // a viewer that has not read its frames for this long is closed, as live clients are
                closed(viewer.outlet.id());
                viewer.outlet.close(CloseCodes.TOO_SLOW, "The client did not read its frames; reconnect");
            } else {
                flush(viewer);
            }
        }
    }

    /**
     * Sends what the viewer has pending, unless its last frames are still on their way or went out
     * less than a flush interval ago (at most one round of frames per interval).
     */
    private void flush(Viewer viewer) {
        if (viewer.sending
                || !viewer.hasPending()
                || System.nanoTime() - viewer.lastSentNanos
                        < config.cursors().flushInterval().toNanos()) {
            return;
        }
        List<String> frames = new ArrayList<>();
        for (Visitor visitor : viewer.joined.values()) {
            Map<String, Object> frame = new LinkedHashMap<>(presence(visitor));
            frame.put("type", "joined");
            frames.add(json(frame));
        }
        if (!viewer.positions.isEmpty()) {
            List<Map<String, Object>> positions = new ArrayList<>(viewer.positions.size());
            viewer.positions.forEach((session, sample) -> {
                Map<String, Object> position = new LinkedHashMap<>();
                position.put("session", session);
                position.put("area", sample.area());
                position.put("x", sample.x());
                position.put("y", sample.y());
                position.put("t", sample.t());
                positions.add(position);
            });
            frames.add(json(Map.of("type", "cursors", "positions", positions)));
        }
        for (UUID session : viewer.left) {
            frames.add(json(Map.of("type", "left", "session", session)));
        }
        viewer.joined.clear();
        viewer.positions.clear();
        viewer.left.clear();
        send(viewer, frames);
    }

    private void send(Viewer viewer, List<String> frames) {
        viewer.sending = true;
        viewer.lastSentNanos = System.nanoTime();
        var last = frames.stream()
                .map(viewer.outlet::send)
                .reduce((first, second) -> second)
                .orElseThrow();
        last.whenComplete((done, error) -> onContext(() -> {
            viewer.sending = false;
            if (error == null && byId.containsKey(viewer.outlet.id())) {
                flush(viewer);
            }
        }));
    }

    private static Map<String, Object> presence(Visitor visitor) {
        Map<String, Object> presence = new LinkedHashMap<>();
        presence.put("session", visitor.session);
        presence.put("page", visitor.page);
        presence.put("since", visitor.since.toString());
        return presence;
    }

    private String json(Object frame) {
        try {
            return mapper.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A cursor frame could not be written", e);
        }
    }

    private void onContext(Runnable action) {
        Context current = context;
        if (current == null) {
            LOG.debug("A cursor change before the start was dropped");
            return;
        }
        current.runOnContext(ignored -> action.run());
    }
}
