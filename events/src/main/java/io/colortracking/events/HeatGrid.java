package io.colortracking.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The committed all-time heatmap of one area, action and color: how many events fell into each
 * cell of the {@value #GRID} × {@value #GRID} grid laid over the area. Published by counter-service
 * on {@link Topics#HEAT_GRIDS} (compacted, one record per grid holding all of it) after every
 * change, as {@link ColorAggregate} is for counters. Schema: {@code HeatGrid.schema.json} beside
 * this class.
 *
 * @param cells the non-zero cells as {@code [bx, by, amount]}, sorted by {@code by}, then {@code bx}
 * @param version grows with every change of the grid, so readers can drop stale values; every cell
 *     that changed carries it as its own version
 */
public record HeatGrid(
        @JsonProperty("api_key") String apiKey,
        @JsonProperty("area") String area,
        @JsonProperty("action") Action action,
        @JsonProperty("color") String color,
        @JsonProperty("cells") List<long[]> cells,
        @JsonProperty("version") long version,
        @JsonProperty("updated_at") Instant updatedAt) {

    /** Cells per side of the grid every position is counted in. */
    public static final int GRID = 32;

    /** Cells in a grid. */
    public static final int CELLS = GRID * GRID;

    /**
     * The cell a position (0 to 1) falls in, along one axis: {@code min(31, floor(position · 32))},
     * so the right and bottom edges (1.0) belong to the last cell.
     */
    public static int cellOf(double position) {
        return Math.min(GRID - 1, (int) Math.floor(position * GRID));
    }

    /** The index of cell ({@code bx}, {@code by}) in a dense grid: row by row. */
    public static int indexOf(int bx, int by) {
        return by * GRID + bx;
    }

    /** A grid from its dense form: {@value #CELLS} amounts, row by row. */
    public static HeatGrid of(
            String apiKey, String area, Action action, String color, long[] dense, long version, Instant updatedAt) {
        List<long[]> cells = new ArrayList<>();
        for (int i = 0; i < dense.length; i++) {
            if (dense[i] != 0) {
                cells.add(new long[] {i % GRID, i / GRID, dense[i]});
            }
        }
        return new HeatGrid(apiKey, area, action, color, List.copyOf(cells), version, updatedAt);
    }

    /**
     * The dense form: {@value #CELLS} amounts, row by row.
     *
     * @throws IllegalArgumentException for a cell that is not {@code [bx, by, amount]} within the grid
     */
    public long[] dense() {
        long[] dense = new long[CELLS];
        for (long[] cell : cells) {
            if (cell.length != 3 || cell[0] < 0 || cell[0] >= GRID || cell[1] < 0 || cell[1] >= GRID) {
                throw new IllegalArgumentException("Not a cell of the grid: " + java.util.Arrays.toString(cell));
            }
            dense[indexOf((int) cell[0], (int) cell[1])] = cell[2];
        }
        return dense;
    }

    /** The Kafka record key of this grid: {@code api_key:area:action:color}. */
    @JsonIgnore
    public String key() {
        return apiKey + ":" + area + ":" + action.wireName() + ":" + color;
    }
}
