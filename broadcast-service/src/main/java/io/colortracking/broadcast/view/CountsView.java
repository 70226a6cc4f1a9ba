package io.colortracking.broadcast.view;

import io.colortracking.broadcast.config.BroadcastConfig;
import io.colortracking.events.Action;
import io.colortracking.events.ColorAggregate;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest committed value of every counter, per tenant, as read from the compacted
 * {@code color_aggregates} topic. A value older than the one held (lower version) is ignored, so
 * the view never goes back.
 */
@ApplicationScoped
public class CountsView {

    /** A tenant's counts and their versions, action → color → value, palette colors included. */
    public record Snapshot(Map<Action, Map<String, Long>> counts, Map<Action, Map<String, Long>> versions) {}

    private final Map<String, Map<String, ColorAggregate>> byTenant = new ConcurrentHashMap<>();
    private final BroadcastConfig config;

    public CountsView(BroadcastConfig config) {
        this.config = config;
    }

    /** @return whether the view changed (the aggregate is newer than what it held) */
    public boolean apply(ColorAggregate aggregate) {
        Map<String, ColorAggregate> counters =
                byTenant.computeIfAbsent(aggregate.apiKey(), k -> new ConcurrentHashMap<>());
        String counter = aggregate.action().wireName() + ":" + aggregate.color();
        boolean[] changed = {false};
        counters.compute(counter, (k, held) -> {
            if (held == null || aggregate.version() > held.version()) {
                changed[0] = true;
                return aggregate;
            }
            return held;
        });
        return changed[0];
    }

    public Snapshot snapshot(String apiKey) {
        Map<Action, Map<String, Long>> counts = new EnumMap<>(Action.class);
        Map<Action, Map<String, Long>> versions = new EnumMap<>(Action.class);
        for (Action action : Action.values()) {
            Map<String, Long> amounts = new LinkedHashMap<>();
            Map<String, Long> counterVersions = new LinkedHashMap<>();
            for (String color : config.palette()) {
                amounts.put(color, 0L);
                counterVersions.put(color, 0L);
            }
            counts.put(action, amounts);
            versions.put(action, counterVersions);
        }
        for (ColorAggregate aggregate : byTenant.getOrDefault(apiKey, Map.of()).values()) {
            if (counts.get(aggregate.action()).containsKey(aggregate.color())) {
                counts.get(aggregate.action()).put(aggregate.color(), aggregate.amount());
                versions.get(aggregate.action()).put(aggregate.color(), aggregate.version());
            }
        }
        return new Snapshot(counts, versions);
    }
}
