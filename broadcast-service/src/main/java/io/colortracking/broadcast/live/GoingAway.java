package io.colortracking.broadcast.live;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Tells every live client to reconnect before the instance goes. On SIGTERM the serving group goes
 * down and the instance keeps serving for {@code quarkus.shutdown.delay} while the load balancers
 * drop it; at the end of the delay, just as the HTTP server starts refusing new requests, every
 * session is closed with 1001 (its clients reconnect to another instance and resync from a
 * snapshot). Closing them is also what lets the graceful stop finish: an open SSE stream is a
 * request in flight. Without a delay (the local run, tests) they are closed at once.
 */
@ApplicationScoped
public class GoingAway {

    private static final Logger LOG = Logger.getLogger(GoingAway.class);

    private final LiveSessions sessions;
    private final CursorViewers cursors;
    private final Vertx vertx;
    private final Duration delay;

    public GoingAway(
            LiveSessions sessions,
            CursorViewers cursors,
            Vertx vertx,
            @ConfigProperty(name = "quarkus.shutdown.delay") Optional<Duration> delay) {
        this.sessions = sessions;
        this.cursors = cursors;
        this.vertx = vertx;
        this.delay = delay.orElse(Duration.ZERO);
    }

    void onStopAsked(@Observes ShutdownDelayInitiatedEvent event) {
        if (delay.isZero()) {
            closeAll();
        } else {
            vertx.setTimer(delay.toMillis(), id -> closeAll());
        }
    }

    /** Whatever happened before: no session outlives the instance. */
    void onStop(@Observes ShutdownEvent event) {
        closeAll();
    }

    private void closeAll() {
        int open = sessions.closeAll() + cursors.closeAll();
        if (open > 0) {
            LOG.infof("Stopping: closed %d live sessions with 1001 (going away), their clients reconnect", open);
        }
    }
}
