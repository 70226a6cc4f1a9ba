package io.colortracking.counter.counting;

import io.colortracking.counter.persistence.HeatCellSum;
import io.colortracking.events.HeatBin;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * A heatmap at a resolution of the stored {@value HeatBin#GRID} × {@value HeatBin#GRID} grid: a
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

    /** Folds the 32-cells to {@code resolution} cells per side. */
    public static HeatmapGrid fold(Collection<HeatCellSum> cells, int resolution) {
        if (!RESOLUTIONS.contains(resolution)) {
            throw new IllegalArgumentException("resolution " + resolution + " is not one of " + RESOLUTIONS);
        }
        int block = HeatBin.GRID / resolution;
        TreeMap<Integer, long[]> folded = new TreeMap<>(); // by · resolution + bx → count
        long total = 0;
        for (HeatCellSum cell : cells) {
            if (cell.count() == 0) {
                continue;
            }
            int index = (cell.by() / block) * resolution + cell.bx() / block;
            folded.computeIfAbsent(index, k -> new long[1])[0] += cell.count();
            total += cell.count();
        }
        List<Cell> bins = new ArrayList<>(folded.size());
        long max = 0;
        for (var entry : folded.entrySet()) {
            long count = entry.getValue()[0];
            bins.add(new Cell(entry.getKey() % resolution, entry.getKey() / resolution, count));
            max = Math.max(max, count);
        }
        return new HeatmapGrid(resolution, bins, total, max);
    }
}
