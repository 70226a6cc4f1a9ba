package io.colortracking.broadcast.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colortracking.broadcast.live.Format;
import io.colortracking.broadcast.live.Frames;
import io.colortracking.broadcast.live.LiveSession;
import io.colortracking.broadcast.view.CountsView;
import io.colortracking.broadcast.view.HeatView;
import io.colortracking.events.Action;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The seed's ActionCable messages: for each subscribed channel whose action changed,
 * {@code {"identifier": ..., "message": {"results": [{"action", "color", "amount"}, ...]}}} with
 * every palette color. A new subscription gets the current results with the next flush.
 */
final class CableFormat implements Format {

    record Result(String action, String color, long amount) {}

    private final ObjectMapper mapper;
    private final Map<String, Action> subscriptions = new ConcurrentHashMap<>();
    private final Set<String> fresh = ConcurrentHashMap.newKeySet();

    CableFormat(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void subscribe(String identifier, Action action) {
        subscriptions.put(identifier, action);
        fresh.add(identifier);
    }

    void unsubscribe(String identifier) {
        subscriptions.remove(identifier);
        fresh.remove(identifier);
    }

    @Override
    public List<String> opening(LiveSession session, CountsView view) {
        return List.of(); // the welcome is sent on open; results follow a subscription
    }

    @Override
    public boolean hasOwnWork() {
        return !fresh.isEmpty();
    }

    @Override
    public List<String> update(
            LiveSession session, List<Frames.Change> changes, List<HeatView.Cell> heat, CountsView view) {
        String apiKey = session.apiKey();
        Set<Action> changed = EnumSet.noneOf(Action.class);
        for (Frames.Change change : changes) {
            changed.add(Action.fromWireName(change.action()));
        }
        List<String> frames = new ArrayList<>();
        CountsView.Snapshot snapshot = null;
        for (var subscription : subscriptions.entrySet()) {
            boolean isFresh = fresh.remove(subscription.getKey());
            if (!isFresh && !changed.contains(subscription.getValue())) {
                continue;
            }
            if (snapshot == null) {
                snapshot = view.snapshot(apiKey);
            }
            List<Result> results = new ArrayList<>();
            Action action = subscription.getValue();
            snapshot.counts()
                    .get(action)
                    .forEach((color, amount) -> results.add(new Result(action.wireName(), color, amount)));
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("identifier", subscription.getKey());
            message.put("message", Map.of("results", results));
            frames.add(json(message));
        }
        return frames;
    }

    String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
