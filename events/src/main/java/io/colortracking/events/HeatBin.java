package io.colortracking.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The committed all-time count of one heatmap bin: clicks or hovers on one color that fell into
 * cell ({@code bx}, {@code by}) of the {@value #GRID} × {@value #GRID} grid laid over an area.
 * Published by counter-service on {@link Topics#HEAT_BINS} (compacted) after every change, as
 * {@link ColorAggregate} is for counters. Schema: {@code HeatBin.schema.json} beside this class.
 *
 * @param bx the column, 0 (left) to {@value #GRID} − 1
 * @param by the row, 0 (top) to {@value #GRID} − 1
 * @param version grows by one with every change of this bin, so readers can drop stale values
 */
public record HeatBin(
        @JsonProperty("api_key") String apiKey,
        @JsonProperty("area") String area,
        @JsonProperty("action") Action action,
        @JsonProperty("color") String color,
        @JsonProperty("bx") int bx,
        @JsonProperty("by") int by,
        @JsonProperty("amount") long amount,
        @JsonProperty("version") long version,
        @JsonProperty("updated_at") Instant updatedAt) {

    /** Cells per side of the grid every position is counted in. */
    public static final int GRID = 32;

    /**
     * The cell a position (0 to 1) falls in: {@code min(31, floor(position · 32))}, so the right
     * and bottom edges (1.0) belong to the last cell.
     */
    public static int cellOf(double position) {
        return Math.min(GRID - 1, (int) Math.floor(position * GRID));
    }

    /** The Kafka record key of this bin: {@code api_key:area:action:color:bx:by}. */
    public String key() {
        return apiKey + ":" + area + ":" + action.wireName() + ":" + color + ":" + bx + ":" + by;
    }
}
