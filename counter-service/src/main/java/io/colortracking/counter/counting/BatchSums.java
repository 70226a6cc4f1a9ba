package io.colortracking.counter.counting;

import io.colortracking.counter.persistence.BucketKey;
import io.colortracking.counter.persistence.Catalog;
import io.colortracking.counter.persistence.CounterKey;
import io.colortracking.counter.persistence.Granularity;
import io.colortracking.counter.persistence.HeatDay;
import io.colortracking.counter.persistence.HeatGridKey;
import io.colortracking.events.ColorEvent;
import io.colortracking.events.HeatGrid;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a batch's first-seen events add: per counter, per bucket of each granularity (by
 * received_at), and, for events with a position, per heatmap (area, action and color: 1024 cells)
 * of their UTC day and of all time. One pass over the events with no text, per (api_key, action,
 * color, second), from which counters and buckets are summed, and per heatmap and day; sorted, so
 * the rows are locked in key order.
 */
record BatchSums(
        SortedMap<CounterKey, Long> counters,
        SortedMap<BucketKey, Long> buckets,
        SortedMap<HeatDay, long[]> heatDays,
        SortedMap<HeatGridKey, long[]> heatGrids) {

    private static final long SECONDS_PER_DAY = 86_400;

    static BatchSums of(Catalog catalog, List<ColorEvent> events) {
        Map<SecondKey, long[]> seconds = new HashMap<>();
        Map<HeatDay, long[]> days = new HashMap<>();
        for (ColorEvent event : events) {
            if (event.hasPosition()) {
                HeatGridKey grid = new HeatGridKey(
                        event.apiKey(),
                        event.area() == null ? ColorEvent.ELEMENT_AREA : event.area(),
                        catalog.actionId(event.action()),
                        catalog.colorId(event.color()));
                LocalDate day =
                        LocalDate.ofEpochDay(Math.floorDiv(event.receivedAt().getEpochSecond(), SECONDS_PER_DAY));
                days.computeIfAbsent(new HeatDay(grid, day), k -> new long[HeatGrid.CELLS])[
                        HeatGrid.indexOf(HeatGrid.cellOf(event.x()), HeatGrid.cellOf(event.y()))]++;
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
        SortedMap<HeatDay, long[]> heatDays = new TreeMap<>(days);
        SortedMap<HeatGridKey, long[]> heatGrids = new TreeMap<>();
        heatDays.forEach((day, cells) -> {
            long[] total = heatGrids.computeIfAbsent(day.grid(), k -> new long[HeatGrid.CELLS]);
            for (int i = 0; i < cells.length; i++) {
                total[i] += cells[i];
            }
        });
        return new BatchSums(counters, buckets, heatDays, heatGrids);
    }

    private record SecondKey(String apiKey, short actionId, short colorId, long second) {}
}
