package io.colortracking.broadcast.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.colortracking.broadcast.view.CountsView;
import io.colortracking.broadcast.view.HeatView;
import io.colortracking.events.Action;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON text frames of {@code /v1/live} (WebSocket and SSE). */
public final class Frames {

    private Frames() {}

    /**
     * First frame of every connection: the tenant's counts and their versions, and the all-time
     * cells of the heatmaps the client asked for ({@code heat}, absent when it asked for none).
     */
    public record SnapshotFrame(
            @JsonProperty("type") String type,
            @JsonProperty("api_key") String apiKey,
            @JsonProperty("counts") Map<String, Map<String, Long>> counts,
            @JsonProperty("versions") Map<String, Map<String, Long>> versions,

            @JsonProperty("heat") @JsonInclude(JsonInclude.Include.NON_NULL)
            Map<String, List<HeatChange>> heat) {

        static SnapshotFrame of(String apiKey, CountsView.Snapshot snapshot, Map<String, List<HeatChange>> heat) {
            return new SnapshotFrame(
                    "snapshot", apiKey, byWireName(snapshot.counts()), byWireName(snapshot.versions()), heat);
        }
    }

    /** The cells of one area's heatmap that changed since the previous frame, each at its latest value. */
    public record HeatFrame(
            @JsonProperty("type") String type,
            @JsonProperty("area") String area,
            @JsonProperty("changes") List<HeatChange> changes) {
        HeatFrame(String area, List<HeatChange> changes) {
            this("heat", area, changes);
        }
    }

    /** A heatmap cell's all-time amount and version. */
    public record HeatChange(
            @JsonProperty("action") String action,
            @JsonProperty("color") String color,
            @JsonProperty("bx") int bx,
            @JsonProperty("by") int by,
            @JsonProperty("amount") long amount,
            @JsonProperty("version") long version) {

        static HeatChange of(HeatView.Cell cell) {
            return new HeatChange(cell.action(), cell.color(), cell.bx(), cell.by(), cell.amount(), cell.version());
        }
    }

    /** The counters that changed since the previous frame, each at its latest value. */
    public record UpdateFrame(
            @JsonProperty("type") String type,
            @JsonProperty("changes") List<Change> changes) {
        UpdateFrame(List<Change> changes) {
            this("update", changes);
        }
    }

    public record Change(
            @JsonProperty("action") String action,
            @JsonProperty("color") String color,
            @JsonProperty("amount") long amount,
            @JsonProperty("version") long version) {}

    private static Map<String, Map<String, Long>> byWireName(Map<Action, Map<String, Long>> byAction) {
        Map<String, Map<String, Long>> result = new LinkedHashMap<>();
        byAction.forEach((action, values) -> result.put(action.wireName(), values));
        return result;
    }
}
