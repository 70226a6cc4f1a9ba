package io.colortracking.ingest.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;

/**
 * What ingestion did: events accepted, events of accepted batches rejected as invalid, and
 * requests refused whole, by reason. Meters are created once, not looked up per request.
 */
@Singleton
public class IngestMetrics {

    private final Counter accepted;
    private final Counter rejectedEvents;
    private final Map<Refusal, Counter> refused = new EnumMap<>(Refusal.class);

    public IngestMetrics(MeterRegistry registry) {
        this.accepted = Counter.builder("colortracking.ingest.events.accepted")
                .description("Events acknowledged by Kafka and answered 202/204")
                .register(registry);
        this.rejectedEvents = Counter.builder("colortracking.ingest.events.rejected")
                .description("Invalid events reported by index in an otherwise accepted batch")
                .tag("reason", "invalid")
                .register(registry);
        for (Refusal refusal : Refusal.values()) {
            refused.put(
                    refusal,
                    Counter.builder("colortracking.ingest.requests.refused")
                            .description("Requests refused whole, by reason")
                            .tag("reason", refusal.reason)
                            .tag("status", String.valueOf(refusal.status.getStatusCode()))
                            .register(registry));
        }
    }

    void accepted(int events, int rejected) {
        accepted.increment(events);
        if (rejected > 0) {
            rejectedEvents.increment(rejected);
        }
    }

    void refused(Refusal refusal) {
        refused.get(refusal).increment();
    }
}
