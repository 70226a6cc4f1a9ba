package io.colortracking.common;

import java.time.Duration;

/** A wait that doubles after each failure, up to a ceiling, and starts over after a success. */
public final class Backoff {

    private final Duration first;
    private final Duration max;
    private Duration next;

    public Backoff(Duration first, Duration max) {
        this.first = first;
        this.max = max;
        this.next = first;
    }

    /** The wait before the next attempt; the one after it is twice as long, up to the ceiling. */
    public Duration next() {
        Duration current = next;
        Duration doubled = current.multipliedBy(2);
        next = doubled.compareTo(max) <= 0 ? doubled : max;
        return current;
    }

    public void reset() {
        next = first;
    }
}
