package io.colortracking.ingest.messaging;

import io.colortracking.ingest.config.IngestConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The producer settings of both event channels ({@code kafka-configuration=event-producer}),
 * derived from the produce timeout and linger, on top of the shared {@code kafka.*} settings.
 */
@ApplicationScoped
public class EventProducerSettings {

    public static final String NAME = "event-producer";

    @Produces
    @Identifier(NAME)
    Map<String, Object> settings(IngestConfig config) {
        return producerConfig(config.produce().timeout(), config.produce().linger());
    }

    static Map<String, Object> producerConfig(Duration timeout, Duration linger) {
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger.toMillis());
        producerConfig.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // send() runs on the event loop and must never wait: without metadata or buffer space it
        // fails at once (503) instead of blocking; the acknowledgement is bounded by the delivery timeout
        int timeoutMs = (int) timeout.toMillis();
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 0);
        // and so the producer must never forget the topics' metadata after a quiet spell (default 5 min)
        producerConfig.put(
                ProducerConfig.METADATA_MAX_IDLE_CONFIG, Duration.ofDays(365).toMillis());
        int requestTimeoutMs = Math.max(timeoutMs - 500, 500);
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs);
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
        // Kafka refuses to start a producer whose batches could not be sent within the delivery timeout
        long lingerLimitMs = timeoutMs - requestTimeoutMs;
        if (linger.toMillis() > lingerLimitMs) {
            throw new IllegalArgumentException("colortracking.produce.linger is " + linger.toMillis()
                    + " ms; with colortracking.produce.timeout at " + timeoutMs + " ms it may be at most "
                    + lingerLimitMs + " ms (the linger and Kafka's request timeout must fit in the produce timeout)");
        }
        return producerConfig;
    }
}
