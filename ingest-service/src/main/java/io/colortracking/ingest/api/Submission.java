package io.colortracking.ingest.api;

import io.colortracking.common.Problems;
import io.colortracking.events.ApiKey;
import io.colortracking.events.ColorEvent;
import io.colortracking.ingest.config.IngestConfig;
import io.colortracking.ingest.keys.RateLimits;
import io.colortracking.ingest.messaging.ColorEventPublisher;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Accepted events on their way: charged to the key's rate (429 when it is spent), produced, and
 * answered once Kafka acknowledged every one; 503 otherwise, with the rate's tokens given back,
 * since the client sends them again.
 */
@ApplicationScoped
class Submission {

    private static final Logger LOG = Logger.getLogger(Submission.class);

    private final ColorEventPublisher publisher;
    private final RateLimits rateLimits;
    private final IngestMetrics metrics;
    private final IngestConfig config;

    Submission(ColorEventPublisher publisher, RateLimits rateLimits, IngestMetrics metrics, IngestConfig config) {
        this.publisher = publisher;
        this.rateLimits = rateLimits;
        this.metrics = metrics;
        this.config = config;
    }

    /** @param rejected events of the request that were not valid (for the metrics) */
    Uni<Response> submit(ApiKey key, List<ColorEvent> accepted, int rejected, Supplier<Response> answer) {
        Optional<Duration> wait = rateLimits.charge(key, accepted.size());
        if (wait.isPresent()) {
            metrics.refused(Refusal.RATE_LIMITED);
            return Uni.createFrom()
                    .item(Problems.retryLater(
                            Refusal.RATE_LIMITED.status,
                            "The API key's rate limit is exhausted; nothing was accepted, retry after the indicated delay",
                            wait.get()));
        }
        return Uni.createFrom()
                .completionStage(() -> publisher.publish(accepted))
                .onItem()
                .transform(done -> {
                    metrics.accepted(accepted.size(), rejected);
                    return answer.get();
                })
                .onFailure()
                .recoverWithItem(error -> {
                    LOG.warnf("Kafka did not acknowledge %d events: %s", accepted.size(), error.toString());
                    metrics.refused(Refusal.UNAVAILABLE);
                    rateLimits.refund(key, accepted.size());
                    return Problems.unavailable(
                            "Kafka did not acknowledge the events in time, so they may not be "
                                    + "stored; send them again (with the same ids) after the indicated delay",
                            config.produce().retryAfter());
                });
    }
}
