package io.colortracking.common;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Something a service must get done once after its start, whatever is away meanwhile (the broker,
 * the database): tried on a thread of its own, again after a growing backoff, until it succeeds
 * or the service stops.
 */
public final class BackgroundRetry {

    private final Thread thread;
    private volatile boolean stopped;

    private BackgroundRetry(String name, Duration firstBackoff, Duration maxBackoff, BooleanSupplier attempt) {
        this.thread = new Thread(
                () -> {
                    Backoff backoff = new Backoff(firstBackoff, maxBackoff);
                    while (!stopped && !attempt.getAsBoolean()) {
                        try {
                            Thread.sleep(backoff.next().toMillis());
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                name);
        thread.setDaemon(true);
    }

    /**
     * Starts trying.
     *
     * @param attempt one try; true when done (it reports its own failures)
     */
    public static BackgroundRetry start(
            String name, Duration firstBackoff, Duration maxBackoff, BooleanSupplier attempt) {
        BackgroundRetry retry = new BackgroundRetry(name, firstBackoff, maxBackoff, attempt);
        retry.thread.start();
        return retry;
    }

    /** Stops trying (the try under way, if any, is interrupted). */
    public void stop() {
        stopped = true;
        thread.interrupt();
    }
}
