package io.colortracking.counter.counting;

import io.colortracking.counter.config.CounterConfig;
import io.colortracking.counter.persistence.BucketEntity;
import io.colortracking.counter.persistence.Catalog;
import io.colortracking.counter.persistence.CounterEntity;
import io.colortracking.counter.persistence.Granularity;
import io.colortracking.events.Action;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Reads one tenant's committed counts and time buckets, every palette color included. */
@ApplicationScoped
public class CountsReader {

    /**
     * @param counts action → color → amount, zeros included
     * @param version the sum of the tenant's counter versions: it grows with every change
     */
    public record TenantCounts(String apiKey, Map<Action, Map<String, Long>> counts, long version) {}

    private final Catalog catalog;
    private final CounterConfig config;

    public CountsReader(Catalog catalog, CounterConfig config) {
        this.catalog = catalog;
        this.config = config;
    }

    public TenantCounts read(String apiKey) {
        Map<Action, Map<String, Long>> counts = new EnumMap<>(Action.class);
        for (Action action : Action.values()) {
            Map<String, Long> byColor = new LinkedHashMap<>();
            config.palette().forEach(color -> byColor.put(color, 0L));
            counts.put(action, byColor);
        }
        long version = 0;
        for (CounterEntity counter : CounterEntity.ofTenant(apiKey)) {
            Action action = catalog.action(counter.actionId);
            String color = catalog.color(counter.colorId);
            if (action != null && counts.get(action).containsKey(color)) {
                counts.get(action).put(color, counter.amount);
                version += counter.version;
            }
        }
        return new TenantCounts(apiKey, counts, version);
    }

    /**
     * The amounts per bucket start and color for one action, of the buckets in {@code [from, to)}
     * that hold any count (the others are zero).
     */
    public Map<Instant, Map<String, Long>> series(
            String apiKey, Action action, Granularity granularity, Instant from, Instant to) {
        Map<Instant, Map<String, Long>> buckets = new TreeMap<>();
        for (BucketEntity bucket : BucketEntity.inRange(apiKey, catalog.actionId(action), granularity, from, to)) {
            buckets.computeIfAbsent(bucket.bucketStart, start -> new LinkedHashMap<>())
                    .put(catalog.color(bucket.colorId), bucket.amount);
        }
        return buckets;
    }
}
