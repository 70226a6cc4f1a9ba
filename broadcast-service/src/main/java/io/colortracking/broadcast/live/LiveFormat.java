package io.colortracking.broadcast.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.broadcast.view.CountsView;
import io.colortracking.broadcast.view.HeatView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code /v1/live} protocol (WebSocket and SSE): a snapshot, then update frames with versions,
 * and, for a client that asked for heatmaps, their cells in the snapshot and heat frames after it.
 * A change is sent only when its version is above the one this client last got for that counter
 * or cell, so a client never sees one go down or repeat, whatever the timing of the snapshot.
 */
public final class LiveFormat implements Format {

    private final ObjectMapper mapper;
    private final HeatView heat;
    /**
     * The last update frame written and its changes: every client of a tenant is usually sent the
     * same changes, so a fan-out to thousands serialises the frame once.
     */
    private volatile Written last = new Written(List.of(), "");

    private record Written(List<Frames.Change> changes, String json) {}

    public LiveFormat(ObjectMapper mapper, HeatView heat) {
        this.mapper = mapper;
        this.heat = heat;
    }

    /** For sessions that never ask for heatmaps. */
    public LiveFormat(ObjectMapper mapper) {
        this(mapper, new HeatView());
    }

    @Override
    public List<String> opening(LiveSession session, CountsView view) {
        CountsView.Snapshot snapshot = view.snapshot(session.apiKey);
        snapshot.versions()
                .forEach((action, byColor) -> byColor.forEach(
                        (color, version) -> session.sent.put(action.wireName() + ":" + color, version)));
        Map<String, List<Frames.HeatChange>> cells = null;
        if (!session.heatAreas.isEmpty()) {
            cells = new TreeMap<>();
            for (String area : session.heatAreas) {
                List<Frames.HeatChange> changes = new ArrayList<>();
                for (HeatView.Cell cell : heat.cells(session.apiKey, area)) {
                    session.heatSent.put(cell.key(), cell.version());
                    changes.add(Frames.HeatChange.of(cell));
                }
                cells.put(area, changes);
            }
        }
        return List.of(json(Frames.SnapshotFrame.of(session.apiKey, snapshot, cells)));
    }

    @Override
    public List<String> update(
            LiveSession session, List<Frames.Change> changes, List<HeatView.Cell> heat, CountsView view) {
        List<String> frames = new ArrayList<>(1);
        List<Frames.Change> newer = new ArrayList<>(changes.size());
        for (Frames.Change change : changes) {
            String counter = change.action() + ":" + change.color();
            if (change.version() > session.sent.getOrDefault(counter, 0L)) {
                session.sent.put(counter, change.version());
                newer.add(change);
            }
        }
        if (!newer.isEmpty()) {
            Written previous = last;
            if (previous.changes().equals(newer)) {
                frames.add(previous.json());
            } else {
                String json = json(new Frames.UpdateFrame(newer));
                last = new Written(newer, json);
                frames.add(json);
            }
        }
        if (!heat.isEmpty()) {
            Map<String, List<Frames.HeatChange>> byArea = new LinkedHashMap<>();
            for (HeatView.Cell cell : heat) {
                if (cell.version() > session.heatSent.getOrDefault(cell.key(), 0L)) {
                    session.heatSent.put(cell.key(), cell.version());
                    byArea.computeIfAbsent(cell.area(), area -> new ArrayList<>())
                            .add(Frames.HeatChange.of(cell));
                }
            }
            byArea.forEach((area, cells) -> frames.add(json(new Frames.HeatFrame(area, cells))));
        }
        return frames;
    }

    private String json(Object frame) {
        try {
            return mapper.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
