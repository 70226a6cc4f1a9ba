package io.colortracking.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * A request body must arrive whole within {@code colortracking.http.body-timeout} (10 s) of its
 * headers. A client trickling a body (a byte now and then, so no idle timeout ever fires) is
 * answered 408 and its connection closed, instead of holding it for as long as it likes. Requests
 * without a body (GETs, WebSocket upgrades, SSE) are not affected, nor is a slow answer to a body
 * that has arrived. The largest body allowed (256 KiB) thus needs about 26 KB/s; tracker.js sends
 * at most 60 KiB at a time.
 *
 * <p>"Arrived" is Vert.x's {@code isEnded()}: the body has been read by the endpoint. Every
 * endpoint with a body reads it at once on the event loop; one that paused its request and read it
 * later would need a longer deadline.
 */
@Singleton
public class BodyDeadline {

    private final Vertx vertx;
    private final long timeoutMillis;

    /** The setting, shared by every service. */
    @ConfigMapping(prefix = "colortracking.http")
    public interface Settings {
        /** How long a request body may take to arrive after its headers. */
        @WithDefault("10s")
        Duration bodyTimeout();
    }

    public BodyDeadline(Vertx vertx, Settings settings) {
        this.vertx = vertx;
        this.timeoutMillis = settings.bodyTimeout().toMillis();
    }

    void install(@Observes Router router) {
        router.route().order(-10).handler(context -> {
            HttpServerRequest request = context.request();
            if (!hasBody(request)) {
                context.next();
                return;
            }
            long timer = vertx.setTimer(timeoutMillis, id -> {
                if (request.isEnded()) {
                    return;
                }
                if (context.response().headWritten()) {
                    request.connection().close();
                    return;
                }
                Problem problem = Problem.of(
                        408,
                        "Request Timeout",
                        "The body did not arrive within "
                                + Duration.ofMillis(timeoutMillis).toSeconds() + " s of the headers");
                var response = context.response()
                        .setStatusCode(408)
                        .putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close");
                // (readable by the calling page: Cors put its headers on the response first)
                response.end(Json.encode(problem))
                        .onComplete(sent -> request.connection().close());
            });
            context.addEndHandler(ended -> vertx.cancelTimer(timer));
            context.next();
        });
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length != null) {
            return !length.strip().equals("0");
        }
        return request.getHeader("Transfer-Encoding") != null;
    }
}
