package io.colortracking.broadcast.live;

import io.colortracking.broadcast.view.HeatView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * One client. Changes wait here until the next flush, one entry per counter (and heatmap cell, for
 * a client that asked for heatmaps) holding only its latest value: a slow client costs at most one
 * entry per counter and cell, never a queue.
 */
public final class LiveSession {

    private static final Logger LOG = Logger.getLogger(LiveSession.class);

    final Outlet outlet;
    final String apiKey;
    final Format format;
    /** The areas whose heatmaps this client asked for (usually none). */
    final Set<String> heatAreas;

    private final Map<String, Frames.Change> pending = new ConcurrentHashMap<>();
    /** Only for a session that asked for heatmaps ({@code null} otherwise: most sessions hold no heat). */
    private final Map<String, HeatView.Cell> pendingHeat;
    /** The version of each counter this client was last sent (written by one flush at a time). */
    final Map<String, Long> sent = new ConcurrentHashMap<>();
    /** The version of each heatmap cell (area:action:color:bx:by) this client was last sent. */
    final Map<String, Long> heatSent;
    /** Set once the opening frames are written; updates never overtake them. */
    volatile boolean opened;
    /** Set while a frame is being written; the next one waits, gathering newer values. */
    volatile boolean writing;
    /** When the frame being written was handed over ({@link System#nanoTime()}). */
    volatile long writingSince;
    /** No update frame before this ({@link System#nanoTime()}): one per flush interval at most. */
    volatile long notBefore = System.nanoTime();
    /** Set once the session ended: nothing is gathered or written for it any more. */
    volatile boolean closed;

    public LiveSession(Outlet outlet, String apiKey, Format format) {
        this(outlet, apiKey, format, Set.of());
    }

    public LiveSession(Outlet outlet, String apiKey, Format format, Set<String> heatAreas) {
        this.outlet = outlet;
        this.apiKey = apiKey;
        this.format = format;
        this.heatAreas = heatAreas;
        this.pendingHeat = heatAreas.isEmpty() ? null : new ConcurrentHashMap<>();
        this.heatSent = heatAreas.isEmpty() ? Map.of() : new ConcurrentHashMap<>();
    }

    public String apiKey() {
        return apiKey;
    }

    /** Whether a frame is being written (a ping should not pile up behind it). */
    public boolean isWriting() {
        return writing;
    }

    /** @return whether the change replaced one still waiting (coalesced) */
    boolean offer(Frames.Change change) {
        boolean[] coalesced = {false};
        pending.merge(change.action() + ":" + change.color(), change, (held, fresh) -> {
            coalesced[0] = true;
            return fresh.version() > held.version() ? fresh : held;
        });
        return coalesced[0];
    }

    /** @return whether the cell's change replaced one still waiting (coalesced) */
    boolean offerHeat(HeatView.Cell cell) {
        boolean[] coalesced = {false};
        pendingHeat.merge(cell.key(), cell, (held, fresh) -> {
            coalesced[0] = true;
            return fresh.version() > held.version() ? fresh : held;
        });
        return coalesced[0];
    }

    boolean hasWork() {
        return !pending.isEmpty() || (pendingHeat != null && !pendingHeat.isEmpty()) || format.hasOwnWork();
    }

    /** How many changes wait: never more than the tenant's counters. */
    int pendingCount() {
        return pending.size();
    }

    /** Takes every pending change; a change that arrives meanwhile stays for the next flush. */
    List<Frames.Change> drain() {
        List<Frames.Change> changes = new ArrayList<>(pending.size());
        for (var entry : pending.entrySet()) {
            if (pending.remove(entry.getKey(), entry.getValue())) {
                changes.add(entry.getValue());
            }
        }
        return changes;
    }

    /** Takes every pending heatmap change, as {@link #drain()} does the counters'. */
    List<HeatView.Cell> drainHeat() {
        if (pendingHeat == null || pendingHeat.isEmpty()) {
            return List.of();
        }
        List<HeatView.Cell> changes = new ArrayList<>(pendingHeat.size());
        for (var entry : pendingHeat.entrySet()) {
            if (pendingHeat.remove(entry.getKey(), entry.getValue())) {
                changes.add(entry.getValue());
            }
        }
        return changes;
    }

    /** Writes the frames in order, one in flight at a time; runs {@code then} once they are out. */
    void write(List<String> frames, LiveMetrics metrics, Runnable then) {
        writingSince = System.nanoTime();
        writing = true;
        CompletionStage<?> last = null;
        try {
            for (String frame : frames) {
                last = outlet.send(frame);
                metrics.frameSent(outlet.endpoint());
            }
        } catch (RuntimeException e) {
            // the stream ended under us (a close racing this flush)
            writing = false;
            LOG.debugf("Frame to %s not written: %s", outlet.id(), e.toString());
            return;
        }
        last.whenComplete((ok, error) -> {
            writing = false;
            if (error != null) {
                LOG.debugf("Frame to %s failed: %s", outlet.id(), error.toString());
                return;
            }
            then.run();
        });
    }
}
