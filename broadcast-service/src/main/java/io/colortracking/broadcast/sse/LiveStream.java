package io.colortracking.broadcast.sse;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.broadcast.live.HeatAreas;
import io.colortracking.broadcast.live.LiveFormat;
import io.colortracking.broadcast.live.LiveMetrics;
import io.colortracking.broadcast.live.LiveSession;
import io.colortracking.broadcast.live.LiveSessions;
import io.colortracking.broadcast.view.HeatView;
import io.colortracking.common.Problem;
import io.colortracking.common.keys.KeyIdentity;
import io.colortracking.common.keys.RequestKeys;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * {@code GET /v1/live/sse?api_key=KEY[&heat=AREA,...]}: the {@code /v1/live} messages as Server-Sent Events, for
 * networks that block WebSockets ({@code new EventSource(url)}; each message is one {@code data:}
 * event holding the same JSON). A refused key is answered before the stream starts: 401/403
 * problem+json. A comment line every 20 s keeps proxies from closing an idle stream.
 */
@Singleton
public class LiveStream {

    private final LiveSessions sessions;
    private final LiveFormat format;
    private final LiveMetrics metrics;
    private final Vertx vertx;

    public LiveStream(LiveSessions sessions, ObjectMapper mapper, HeatView heat, LiveMetrics metrics, Vertx vertx) {
        this.sessions = sessions;
        this.format = new LiveFormat(mapper, heat);
        this.metrics = metrics;
        this.vertx = vertx;
    }

    void install(@Observes Router router) {
        router.get("/v1/live/sse").order(1000).handler(this::stream);
    }

    private void stream(RoutingContext context) {
        var request = context.request();
        var response = context.response();
        RequestKeys.Admission admission = KeyIdentity.admission(
                context.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null);
        if (!admission.admitted()) {
            int status = admission.status();
            metrics.closed(
                    status == RequestKeys.KEYS_LOADING
                            ? LiveMetrics.KEYS_LOADING
                            : status == 403 ? LiveMetrics.FORBIDDEN : LiveMetrics.UNAUTHORIZED);
            if (status == RequestKeys.KEYS_LOADING) {
                response.putHeader("Retry-After", "1"); // EventSource reconnects by itself, after its own delay
            }
            response.setStatusCode(status)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(Json.encode(Problem.of(
                            status, HttpResponseStatus.valueOf(status).reasonPhrase(), admission.detail())));
            return;
        }
        Set<String> heatAreas;
        try {
            heatAreas = HeatAreas.parse(request.getParam("heat"));
        } catch (IllegalArgumentException e) {
            metrics.closed(LiveMetrics.POLICY);
            response.setStatusCode(400)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(Json.encode(Problem.of(400, "Bad Request", e.getMessage())));
            return;
        }
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no"); // nginx: do not buffer the stream
        SseOutlet outlet = new SseOutlet(response);
        long heartbeat = vertx.setPeriodic(20_000, id -> {
            if (!response.ended() && !response.closed()) {
                response.write(": ping\n\n");
            }
        });
        response.closeHandler(closed -> {
            vertx.cancelTimer(heartbeat);
            sessions.closed(outlet.id(), LiveMetrics.CLIENT);
        });
        response.endHandler(ended -> vertx.cancelTimer(heartbeat));
        sessions.open(new LiveSession(outlet, admission.key().apiKey(), format, heatAreas));
    }
}
