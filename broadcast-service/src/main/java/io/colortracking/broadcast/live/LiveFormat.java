package io.colortracking.broadcast.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.broadcast.view.CountsView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code /v1/live} protocol (WebSocket and SSE): a snapshot, then update frames with versions.
 * A change is sent only when its version is above the one this client last got for that counter,
 * so a client never sees a counter go down or repeat, whatever the timing of the snapshot.
 */
public final class LiveFormat implements Format {

    private final ObjectMapper mapper;
    /**
     * The last update frame written and its changes: every client of a tenant is usually sent the
     * same changes, so a fan-out to thousands serialises the frame once.
     */
    private volatile Written last = new Written(List.of(), "");

    private record Written(List<Frames.Change> changes, String json) {}

    public LiveFormat(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public List<String> opening(String apiKey, CountsView view, Map<String, Long> sent) {
        CountsView.Snapshot snapshot = view.snapshot(apiKey);
        snapshot.versions()
                .forEach((action, byColor) ->
                        byColor.forEach((color, version) -> sent.put(action.wireName() + ":" + color, version)));
        return List.of(json(Frames.SnapshotFrame.of(apiKey, snapshot)));
    }

    @Override
    public List<String> update(String apiKey, List<Frames.Change> changes, CountsView view, Map<String, Long> sent) {
        List<Frames.Change> newer = new ArrayList<>(changes.size());
        for (Frames.Change change : changes) {
            String counter = change.action() + ":" + change.color();
            if (change.version() > sent.getOrDefault(counter, 0L)) {
                sent.put(counter, change.version());
                newer.add(change);
            }
        }
        if (newer.isEmpty()) {
            return List.of();
        }
        Written previous = last;
        if (previous.changes().equals(newer)) {
            return List.of(previous.json());
        }
        String json = json(new Frames.UpdateFrame(newer));
        last = new Written(newer, json);
        return List.of(json);
    }

    private String json(Object frame) {
        try {
            return mapper.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
