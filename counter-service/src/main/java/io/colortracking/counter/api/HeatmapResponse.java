package io.colortracking.counter.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.colortracking.counter.counting.HeatmapGrid;
import io.colortracking.events.Action;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code GET /v1/heatmap}: the non-zero cells of an area's heatmap as {@code [bx, by, count]},
 * sorted by row then column; {@code from}/{@code to} are {@code null} for all time.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record HeatmapResponse(
        @JsonProperty("api_key") String apiKey,
        @JsonProperty("area") String area,
        @JsonProperty("action") String action,
        @JsonProperty("color") String color,
        @JsonProperty("resolution") int resolution,
        @JsonProperty("from") LocalDate from,
        @JsonProperty("to") LocalDate to,
        @JsonProperty("total") long total,
        @JsonProperty("max") long max,
        @JsonProperty("bins") List<long[]> bins) {

    static HeatmapResponse from(
            String apiKey, String area, Action action, String color, LocalDate from, LocalDate to, HeatmapGrid grid) {
        List<long[]> bins = grid.bins().stream()
                .map(cell -> new long[] {cell.bx(), cell.by(), cell.count()})
                .toList();
        return new HeatmapResponse(
                apiKey, area, action.wireName(), color, grid.resolution(), from, to, grid.total(), grid.max(), bins);
    }
}
