package io.colortracking.broadcast.view;

import io.colortracking.events.HeatGrid;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest committed all-time heatmap of every area, action and color, per tenant, as read from
 * the compacted {@code heat_grids} topic (a whole grid per record). A grid older than the one held
 * (lower version) is ignored, so the view never goes back; a newer one is compared cell by cell
 * with the one held, so only the cells that changed go out to the live sessions.
 */
@ApplicationScoped
public class HeatView {

    /** One cell of a heatmap at its grid's version. */
    public record Cell(String area, String action, String color, int bx, int by, long amount, long version) {

        /** Which cell of which heatmap: {@code area:action:color:bx:by}. */
        public String key() {
            return area + ":" + action + ":" + color + ":" + bx + ":" + by;
        }
    }

    /** api_key → area → heatmap (action:color) → its latest grid. */
    private final Map<String, Map<String, Map<String, HeatGrid>>> byTenant = new ConcurrentHashMap<>();

    /** Takes the grid if it is newer than the one held; @return the cells that changed (none for an older grid) */
    public List<Cell> apply(HeatGrid grid) {
        Map<String, HeatGrid> grids = byTenant.computeIfAbsent(grid.apiKey(), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(grid.area(), k -> new ConcurrentHashMap<>());
        List<Cell> changed = new ArrayList<>();
        grids.compute(grid.action().wireName() + ":" + grid.color(), (k, held) -> {
            if (held != null && grid.version() <= held.version()) {
                return held;
            }
            long[] before = held == null ? new long[HeatGrid.CELLS] : held.dense();
            long[] after = grid.dense();
            for (int i = 0; i < after.length; i++) {
                if (after[i] != before[i]) {
                    changed.add(cell(grid, i % HeatGrid.GRID, i / HeatGrid.GRID, after[i]));
                }
            }
            return grid;
        });
        return changed;
    }

    /** The area's non-zero cells, by action, color, row and column. */
    public List<Cell> cells(String apiKey, String area) {
        List<Cell> cells = new ArrayList<>();
        new TreeMap<>(byTenant.getOrDefault(apiKey, Map.of()).getOrDefault(area, Map.of()))
                .values()
                .forEach(grid -> grid.cells().forEach(c -> cells.add(cell(grid, (int) c[0], (int) c[1], c[2]))));
        cells.sort(Comparator.comparing(Cell::action)
                .thenComparing(Cell::color)
                .thenComparingInt(Cell::by)
                .thenComparingInt(Cell::bx));
        return cells;
    }

    private static Cell cell(HeatGrid grid, int bx, int by, long amount) {
        return new Cell(grid.area(), grid.action().wireName(), grid.color(), bx, by, amount, grid.version());
    }
}
