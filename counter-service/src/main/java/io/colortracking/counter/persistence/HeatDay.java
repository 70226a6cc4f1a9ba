package io.colortracking.counter.persistence;

import java.time.LocalDate;

/** A heatmap on one UTC day: a row of {@code heat_days}, sorted by grid, then day. */
public record HeatDay(HeatGridKey grid, LocalDate day) implements Comparable<HeatDay> {

    @Override
    public int compareTo(HeatDay other) {
        int c = grid.compareTo(other.grid);
        return c != 0 ? c : day.compareTo(other.day);
    }
}
