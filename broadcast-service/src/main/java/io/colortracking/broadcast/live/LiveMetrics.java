package io.colortracking.broadcast.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/** Connected clients by endpoint, frames sent, coalesced updates, closes by reason. */
@Singleton
public class LiveMetrics {

    public static final String CLIENT = "client";
    public static final String REVOKED = "revoked";
    public static final String STUCK = "stuck";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String FORBIDDEN = "forbidden";
    public static final String KEYS_LOADING = "keys_loading";
    public static final String POLICY = "policy";
    public static final String GOING_AWAY = "going_away";

    private final MeterRegistry registry;
    private final Counter coalesced;
    private final Map<String, Counter> frames = new ConcurrentHashMap<>();
    private final Map<String, Counter> closes = new ConcurrentHashMap<>();

    public LiveMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.coalesced = Counter.builder("colortracking.broadcast.updates.coalesced")
                .description("Changes that replaced one still waiting for the same client (never sent on their own)")
                .register(registry);
    }

    /** Registers the gauge of connected clients per endpoint. */
    <T> void connected(String endpoint, T source, ToDoubleFunction<T> count) {
        io.micrometer.core.instrument.Gauge.builder("colortracking.broadcast.clients", source, count)
                .description("Connected clients")
                .tag("endpoint", endpoint)
                .register(registry);
    }

    void frameSent(String endpoint) {
        frames.computeIfAbsent(
                        endpoint,
                        e -> Counter.builder("colortracking.broadcast.frames.sent")
                                .description("Frames handed to clients")
                                .tag("endpoint", e)
                                .register(registry))
                .increment();
    }

    void coalesced() {
        coalesced.increment();
    }

    public void closed(String reason) {
        closes.computeIfAbsent(
                        reason,
                        r -> Counter.builder("colortracking.broadcast.closes")
                                .description("Sessions ended, by reason")
                                .tag("reason", r)
                                .register(registry))
                .increment();
    }
}
