package io.colortracking.ingest.api;

import io.colortracking.common.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body announced larger than {@code quarkus.http.limits.max-body-size} with a problem
 * detail, before Quarkus's own check (order -2), which answers 413 with an empty body. The body
 * is never read. A chunked body without Content-Length still meets Quarkus's limit while it is read.
 */
@Singleton
public class BodyLimit {

    private final long maxBytes;
    private final IngestMetrics metrics;

    public BodyLimit(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize, IngestMetrics metrics) {
        this.maxBytes = maxBodySize.asLongValue();
        this.metrics = metrics;
    }

    void install(@Observes Router router) {
        router.route("/v1/*").order(-3).handler(context -> {
            String length = context.request().getHeader("Content-Length");
            if (length == null || !isOver(length)) {
                context.next();
                return;
            }
            metrics.refused(Refusal.TOO_LARGE);
            Problem problem = Problem.of(
                    413,
                    "Request Entity Too Large",
                    "The body holds " + length + " bytes; at most " + maxBytes / 1024
                            + " KiB are accepted: split the events into smaller batches");
            var response = context.response()
                    .setStatusCode(413)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("Connection", "close");
            response.end(Json.encode(problem));
        });
    }

    private boolean isOver(String contentLength) {
        try {
            return Long.parseLong(contentLength.strip()) > maxBytes;
        } catch (NumberFormatException e) {
            return false; // Vert.x refuses a malformed Content-Length itself
        }
    }
}
