package io.colortracking.counter.counting;

import io.colortracking.counter.persistence.BucketKey;
import io.colortracking.counter.persistence.Catalog;
import io.colortracking.counter.persistence.CounterKey;
import io.colortracking.counter.persistence.Granularity;
import io.colortracking.events.ColorEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a batch's first-seen events add: per counter, and per bucket of each granularity (by
 * received_at). One pass over the events with no text, per (api_key, action, color, second), from
 * which both are summed; sorted, so the rows are locked in key order.
 */
record BatchSums(SortedMap<CounterKey, Long> counters, SortedMap<BucketKey, Long> buckets) {

    static BatchSums of(Catalog catalog, List<ColorEvent> events) {
        Map<SecondKey, long[]> seconds = new HashMap<>();
        for (ColorEvent event : events) {
            SecondKey key = new SecondKey(
                    event.apiKey(),
                    catalog.actionId(event.action()),
                    catalog.colorId(event.color()),
                    event.receivedAt().getEpochSecond());
            seconds.computeIfAbsent(key, k -> new long[1])[0]++;
        }
        SortedMap<CounterKey, Long> counters = new TreeMap<>();
        SortedMap<BucketKey, Long> buckets = new TreeMap<>();
        seconds.forEach((second, amount) -> {
            counters.merge(new CounterKey(second.apiKey(), second.actionId(), second.colorId()), amount[0], Long::sum);
            Instant at = Instant.ofEpochSecond(second.second());
            for (Granularity granularity : Granularity.values()) {
                buckets.merge(
                        new BucketKey(
                                second.apiKey(),
                                second.actionId(),
                                granularity.label(),
                                granularity.bucketOf(at).toString(),
                                second.colorId()),
                        amount[0],
                        Long::sum);
            }
        });
        return new BatchSums(counters, buckets);
    }

    private record SecondKey(String apiKey, short actionId, short colorId, long second) {}
}
