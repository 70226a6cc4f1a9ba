package io.colortracking.counter.persistence;

/** A heatmap cell of the 32 × 32 grid and what it holds over a range of days and colors. */
public record HeatCellSum(int bx, int by, long count) {

    /** From a query's row: bx, by, the sum. */
    static HeatCellSum of(Object[] row) {
        return new HeatCellSum(
                ((Number) row[0]).intValue(), ((Number) row[1]).intValue(), ((Number) row[2]).longValue());
    }
}
