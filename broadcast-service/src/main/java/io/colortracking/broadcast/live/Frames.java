package io.colortracking.broadcast.live;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.colortracking.broadcast.view.CountsView;
import io.colortracking.events.Action;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON text frames of {@code /v1/live} (WebSocket and SSE). */
public final class Frames {

    private Frames() {}

    /** First frame of every connection: the tenant's counts and their versions. */
    public record SnapshotFrame(
            @JsonProperty("type") String type,
            @JsonProperty("api_key") String apiKey,
            @JsonProperty("counts") Map<String, Map<String, Long>> counts,
            @JsonProperty("versions") Map<String, Map<String, Long>> versions) {

        static SnapshotFrame of(String apiKey, CountsView.Snapshot snapshot) {
            return new SnapshotFrame(
                    "snapshot", apiKey, byWireName(snapshot.counts()), byWireName(snapshot.versions()));
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
