package io.colortracking.broadcast.ws;

import io.quarkus.websockets.next.WebSocketConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client of {@code /v1/live}. Changes wait here until the next flush, one entry per counter
 * holding only its latest value: a slow client costs at most one entry per counter, never a queue.
 */
final class LiveSession {

    final WebSocketConnection connection;
    final String apiKey;
    private final Map<String, Frames.Change> pending = new ConcurrentHashMap<>();
    /** Set once the snapshot is written; updates never overtake it. */
    volatile boolean snapshotSent;
    /** Set while a frame is being written; the next one waits, gathering newer values. */
    volatile boolean writing;
    /** When the frame being written was handed over ({@link System#nanoTime()}). */
    volatile long writingSince;

    LiveSession(WebSocketConnection connection, String apiKey) {
        this.connection = connection;
        this.apiKey = apiKey;
    }

    void offer(Frames.Change change) {
        pending.merge(change.action() + ":" + change.color(), change,
                (held, fresh) -> fresh.version() > held.version() ? fresh : held);
    }

    boolean hasPending() {
        return !pending.isEmpty();
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
}
