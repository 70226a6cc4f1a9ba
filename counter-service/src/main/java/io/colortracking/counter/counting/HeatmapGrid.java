package io.colortracking.counter.counting;

import io.colortracking.events.HeatGrid;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * A heatmap at a resolution of the stored {@value HeatGrid#GRID} × {@value HeatGrid#GRID} grid: a
 * lower resolution sums whole blocks of cells (at 8, cell (bx, by) holds the 4 × 4 block of
 * 32-cells from (4·bx, 4·by)), so every resolution adds up to the same total, exactly.
 *
 * @param bins the non-zero cells, sorted by row ({@code by}), then column ({@code bx})
 * @param total every event in the heatmap
 * @param max the largest cell (0 when empty)
 */
public record HeatmapGrid(int resolution, List<Cell> bins, long total, long max) {

    /** The resolutions a heatmap can be asked for: the grid's side and every power of two below. */
    public static final Set<Integer> RESOLUTIONS = Set.of(32, 16, 8, 4, 2, 1);

    public record Cell(int bx, int by, long count) {}

    /** Folds a dense 32-grid ({@link HeatGrid#CELLS} counts, row by row) to {@code resolution} cells per side. */
    public static HeatmapGrid fold(long[] dense, int resolution) {
        if (!RESOLUTIONS.contains(resolution)) {
            throw new IllegalArgumentException("resolution " + resolution + " is not one of " + RESOLUTIONS);
        }
        int block = HeatGrid.GRID / resolution;
        long[] folded = new long[resolution * resolution]; // row by row
        long total = 0;
        for (int i = 0; i < dense.length; i++) {
            int bx = i % HeatGrid.GRID;
            int by = i / HeatGrid.GRID;
            folded[(by / block) * resolution + bx / block] += dense[i];
            total += dense[i];
        }
        List<Cell> bins = new ArrayList<>();
        long max = 0;
        for (int i = 0; i < folded.length; i++) {
            if (folded[i] != 0) {
                bins.add(new Cell(i % resolution, i / resolution, folded[i]));
                max = Math.max(max, folded[i]);
            }
        }
        return new HeatmapGrid(resolution, bins, total, max);
    }

    /** Adds grids of 1024 counts cell by cell (days, colors) into one. */
    public static long[] sum(Collection<long[]> grids) {
        long[] sum = new long[HeatGrid.CELLS];
        for (long[] grid : grids) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += grid[i];
            }
        }
        return sum;
    }
}
