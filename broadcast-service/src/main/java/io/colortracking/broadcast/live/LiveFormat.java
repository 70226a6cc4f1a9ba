package io.colortracking.broadcast.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.broadcast.view.CountsView;
import java.util.List;

/** The {@code /v1/live} protocol (WebSocket and SSE): a snapshot, then update frames with versions. */
public final class LiveFormat implements Format {

    private final ObjectMapper mapper;

    public LiveFormat(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public List<String> opening(String apiKey, CountsView view) {
        return List.of(json(Frames.SnapshotFrame.of(apiKey, view.snapshot(apiKey))));
    }

    @Override
    public List<String> update(String apiKey, List<Frames.Change> changes, CountsView view) {
        return changes.isEmpty() ? List.of() : List.of(json(new Frames.UpdateFrame(changes)));
    }

    private String json(Object frame) {
        try {
            return mapper.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
