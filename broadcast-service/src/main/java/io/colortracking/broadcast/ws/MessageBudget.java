package io.colortracking.broadcast.ws;

/** How many messages one connection sent in the current one-second window. */
final class MessageBudget {

    private static final long SECOND = 1_000_000_000L;

    private long windowStart = Long.MIN_VALUE;
    private int used;

    /** Counts one message at {@code now} (nanoseconds); false once more than {@code perSecond} came in a window. */
    synchronized boolean allow(long now, int perSecond) {
        if (windowStart == Long.MIN_VALUE || now - windowStart >= SECOND) {
            windowStart = now;
            used = 0;
        }
        return ++used <= perSecond;
    }
}
