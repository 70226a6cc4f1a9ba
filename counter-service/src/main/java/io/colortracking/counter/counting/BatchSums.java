package io.colortracking.counter.counting;

import io.colortracking.counter.persistence.BucketKey;
import io.colortracking.counter.persistence.Catalog;
import io.colortracking.counter.persistence.CounterKey;
import io.colortracking.counter.persistence.Granularity;
import io.colortracking.counter.persistence.HeatCell;
import io.colortracking.counter.persistence.HeatDay;
import io.colortracking.events.ColorEvent;
import io.colortracking.events.HeatBin;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a batch's first-seen events add: per counter, per bucket of each granularity (by
 * received_at), and, for events with a position, per heatmap cell of their UTC day and of all
 * time. One pass over the events with no text, per (api_key, action, color, second), from which
 * counters and buckets are summed, and one per cell and day; sorted, so the rows are locked in key
 * order.
 */
record BatchSums(
        SortedMap<CounterKey, Long> counters,
        SortedMap<BucketKey, Long> buckets,
        SortedMap<HeatDay, Long> heatDays,
        SortedMap<HeatCell, Long> heatCells) {

    private static final long SECONDS_PER_DAY = 86_400;

    static BatchSums of(Catalog catalog, List<ColorEvent> events) {
        Map<SecondKey, long[]> seconds = new HashMap<>();
        Map<HeatDay, long[]> days = new HashMap<>();
        for (ColorEvent event : events) {
            if (event.hasPosition()) {
                HeatCell cell = new HeatCell(
                        event.apiKey(),
                        event.area() == null ? ColorEvent.ELEMENT_AREA : event.area(),
                        catalog.actionId(event.action()),
                        catalog.colorId(event.color()),
                        (short) HeatBin.cellOf(event.x()),
                        (short) HeatBin.cellOf(event.y()));
                LocalDate day =
                        LocalDate.ofEpochDay(Math.floorDiv(event.receivedAt().getEpochSecond(), SECONDS_PER_DAY));
                days.computeIfAbsent(new HeatDay(cell, day), k -> new long[1])[0]++;
            }
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
        SortedMap<HeatDay, Long> heatDays = new TreeMap<>();
        SortedMap<HeatCell, Long> heatCells = new TreeMap<>();
        days.forEach((day, amount) -> {
            heatDays.put(day, amount[0]);
            heatCells.merge(day.cell(), amount[0], Long::sum);
        });
        return new BatchSums(counters, buckets, heatDays, heatCells);
    }

    private record SecondKey(String apiKey, short actionId, short colorId, long second) {}
}
