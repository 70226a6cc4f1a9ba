package io.colortracking.broadcast.live;

import io.colortracking.broadcast.view.CountsView;
import java.util.List;
import java.util.Map;

/** How a session's protocol turns counts into frames. */
public interface Format {

    /**
     * The frames a session starts with (the live snapshot), from the view when it opens.
     *
     * @param sent the session's record of the version of each counter (action:color) it was sent
     */
    List<String> opening(String apiKey, CountsView view, Map<String, Long> sent);

    /**
     * The frames for the changes gathered since the last ones, each at its latest value.
     * Called on one thread at a time per session.
     */
    List<String> update(String apiKey, List<Frames.Change> changes, CountsView view, Map<String, Long> sent);

    /** Whether there is something to send even without new changes (a new subscription). */
    default boolean hasOwnWork() {
        return false;
    }
}
