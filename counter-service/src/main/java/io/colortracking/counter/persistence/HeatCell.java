package io.colortracking.counter.persistence;

import java.util.Comparator;

/**
 * One cell of an area's heatmap grid for one action and color: a row of {@code heat_totals}.
 * Sorted in one fixed order, so transactions lock rows in one order.
 */
public record HeatCell(String apiKey, String area, short actionId, short colorId, short bx, short by)
        implements Comparable<HeatCell> {

    private static final Comparator<HeatCell> ORDER = Comparator.comparing(HeatCell::apiKey)
            .thenComparing(HeatCell::area)
            .thenComparingInt(HeatCell::actionId)
            .thenComparingInt(HeatCell::colorId)
            .thenComparingInt(HeatCell::by)
            .thenComparingInt(HeatCell::bx);

    @Override
    public int compareTo(HeatCell other) {
        return ORDER.compare(this, other);
    }
}
