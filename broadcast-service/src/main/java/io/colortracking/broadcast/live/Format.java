package io.colortracking.broadcast.live;

import io.colortracking.broadcast.view.CountsView;
import io.colortracking.broadcast.view.HeatView;
import java.util.List;

/** How a session's protocol turns counts (and heatmap cells) into frames. */
public interface Format {

    /**
     * The frames a session starts with (the live snapshot), from the view when it opens; it notes
     * in the session the version of each counter and cell it was sent.
     */
    List<String> opening(LiveSession session, CountsView view);

    /**
     * The frames for the changes gathered since the last ones, each at its latest value.
     * Called on one thread at a time per session.
     *
     * @param heat changed cells of the heatmaps the session asked for (none for most sessions)
     */
    List<String> update(LiveSession session, List<Frames.Change> changes, List<HeatView.Cell> heat, CountsView view);

    /** Whether there is something to send even without new changes (a new subscription). */
    default boolean hasOwnWork() {
        return false;
    }
}
