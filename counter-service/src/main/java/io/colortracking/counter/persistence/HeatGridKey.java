package io.colortracking.counter.persistence;

import java.util.Comparator;

/**
 * One heatmap: an area's grid for one action and color, a row of {@code heat_totals}. Sorted in
 * one fixed order, so transactions lock rows in one order.
 */
public record HeatGridKey(String apiKey, String area, short actionId, short colorId)
        implements Comparable<HeatGridKey> {

    private static final Comparator<HeatGridKey> ORDER = Comparator.comparing(HeatGridKey::apiKey)
            .thenComparing(HeatGridKey::area)
            .thenComparingInt(HeatGridKey::actionId)
            .thenComparingInt(HeatGridKey::colorId);

    @Override
    public int compareTo(HeatGridKey other) {
        return ORDER.compare(this, other);
    }
}
