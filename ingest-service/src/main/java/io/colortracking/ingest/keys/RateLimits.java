package io.colortracking.ingest.keys;

import io.colortracking.events.ApiKey;
import io.colortracking.ingest.config.IngestConfig;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key, filled at the key's {@code rate_limit_per_second} events per second and
 * holding one second's worth. A request is admitted while its key has a token left and is charged
 * one token per event; a batch larger than what is left puts the bucket in debt, which the next
 * requests wait out. So a key never sustains more than its rate, and a 500-event batch still
 * passes for a key whose rate is lower than 500. Limits hold per instance.
 */
@Singleton
public class RateLimits {

    private record Limited(int perSecond, Bucket bucket) {}

    /** The pointer budgets' names: no key contains a space. */
    private static final String POINTER = "pointer ";

    private final Map<String, Limited> buckets = new ConcurrentHashMap<>();
    private final int defaultPerSecond;

    public RateLimits(IngestConfig config) {
        this.defaultPerSecond = config.rateLimit().defaultPerSecond();
    }

    /**
     * Charges the key for {@code events} events.
     *
     * @return empty when admitted, or how long the client should wait before trying again
     */
    public Optional<Duration> charge(ApiKey key, int events) {
        int perSecond = key.rateLimitPerSecond() > 0 ? key.rateLimitPerSecond() : defaultPerSecond;
        Limited limited = buckets.compute(
                key.apiKey(),
                (name, current) -> current != null && current.perSecond() == perSecond
                        ? current
                        : new Limited(perSecond, newBucket(perSecond)));
        ConsumptionProbe probe = limited.bucket().tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            return Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
        if (events > 1) {
            limited.bucket().consumeIgnoringRateLimits(events - 1);
        }
        return Optional.empty();
    }

    /**
     * Charges the key's pointer budget (apart from its events') one chunk.
     *
     * @return empty when admitted, or how long the client should wait before trying again
     */
    public Optional<Duration> chargePointer(ApiKey key, int chunksPerSecond) {
        Limited limited = buckets.compute(
                POINTER + key.apiKey(),
                (name, current) -> current != null && current.perSecond() == chunksPerSecond
                        ? current
                        : new Limited(chunksPerSecond, newBucket(chunksPerSecond)));
        ConsumptionProbe probe = limited.bucket().tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** Gives back the chunk a pointer request was charged when Kafka did not take it (503). */
    public void refundPointer(ApiKey key) {
        Limited limited = buckets.get(POINTER + key.apiKey());
        if (limited != null) {
            limited.bucket().addTokens(1);
        }
    }

    /** Gives back what a request was charged when its events were not accepted after all (503). */
    public void refund(ApiKey key, int events) {
        Limited limited = buckets.get(key.apiKey());
        if (limited != null && events > 0) {
            limited.bucket().addTokens(events);
        }
    }

    private static Bucket newBucket(int perSecond) {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)))
                .build();
    }
}
