package io.colortracking.common;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * CORS the same in every service, in one place, for every {@code /v1/} route (REST, SSE and the
 * WebSocket upgrades). A preflight carries no key, so it is answered here for any origin and
 * cached; which origins a key allows is enforced on the request itself (the key check's 403).
 * Every answer to a request is readable by the page that made it, errors included: a page whose
 * origin its key refuses reads the 403's detail (and a tracker stops retrying) instead of a bare
 * network error. A page opened from disk sends {@code Origin: null}, answered like any other.
 *
 * <p>Not {@code quarkus.http.cors}: it refuses, on preflights and requests alike, every origin it
 * does not list, where this contract answers any preflight and leaves the refusal to the key.
 */
@ApplicationScoped
public class Cors {

    static final String ALLOWED_METHODS = "GET, POST, DELETE, OPTIONS";
    static final String ALLOWED_HEADERS = "Content-Type, X-API-Key, Authorization, If-None-Match";
    /** What a page may read of an answer: when to retry, and the counts' version for cheap polling. */
    static final String EXPOSED_HEADERS = "ETag, Retry-After";

    private final String maxAgeSeconds;

    public Cors(@ConfigProperty(name = "colortracking.cors.max-age", defaultValue = "2h") Duration maxAge) {
        this.maxAgeSeconds = String.valueOf(maxAge.toSeconds());
    }

    /** Before every route of the services' own (order), after Quarkus's own filters. */
    void install(@Observes Router router) {
        router.route("/v1/*").order(-100).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        HttpServerResponse response = context.response();
        String origin = request.getHeader("Origin");
        response.putHeader("Vary", "Origin");
        if (request.method() == HttpMethod.OPTIONS && request.getHeader("Access-Control-Request-Method") != null) {
            response.setStatusCode(204)
                    .putHeader("Access-Control-Allow-Origin", origin == null ? "*" : origin)
                    .putHeader("Access-Control-Allow-Methods", ALLOWED_METHODS)
                    .putHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                    .putHeader("Access-Control-Max-Age", maxAgeSeconds)
                    .end();
            return;
        }
        if (origin != null) {
            response.putHeader("Access-Control-Allow-Origin", origin)
                    .putHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
        context.next();
    }
}
