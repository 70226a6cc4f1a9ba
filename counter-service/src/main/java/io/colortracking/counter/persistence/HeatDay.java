package io.colortracking.counter.persistence;

import java.time.LocalDate;

/** A cell on one UTC day: a row of {@code heat_bins}, sorted by cell, then day. */
public record HeatDay(HeatCell cell, LocalDate day) implements Comparable<HeatDay> {

    @Override
    public int compareTo(HeatDay other) {
        int c = cell.compareTo(other.cell);
        return c != 0 ? c : day.compareTo(other.day);
    }
}
