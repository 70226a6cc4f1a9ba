package io.colortracking.common;

import java.time.Duration;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * A Kafka consumer on a thread of its own: started with its service, woken and joined when the
 * service stops, and started over with a growing backoff when a round fails (broker or database
 * away), so it recovers by itself.
 */
public abstract class ConsumerLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);

    private final String name;
    private final Backoff backoff;
    private volatile boolean running;
    private volatile Consumer<?, ?> consumer;
    private Thread thread;

    protected ConsumerLoop(String name, Duration firstBackoff, Duration maxBackoff) {
        this.name = name;
        this.backoff = new Backoff(firstBackoff, maxBackoff);
    }

    public synchronized void start() {
        running = true;
        thread = new Thread(this, name);
        thread.start();
    }

    public synchronized void stop() throws InterruptedException {
        running = false;
        Consumer<?, ?> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(10_000);
        }
    }

    protected boolean running() {
        return running;
    }

    /** Ends the loop after the current round, for good (until the service starts again). */
    protected void giveUp() {
        running = false;
    }

    /** Registers the consumer this round polls, so {@link #stop()} can wake it. */
    protected void polling(Consumer<?, ?> current) {
        consumer = current;
    }

    /**
     * One round: create a consumer, poll while {@link #running()}. Returning or throwing ends the
     * round; a throw is logged and followed by a backoff.
     */
    protected abstract void round() throws Exception;

    /** Called after a failed round, before the backoff. */
    protected void failed(Exception error, Duration retryIn) {
        LOG.warnf("%s paused, retrying in %s: %s", name, retryIn, error.toString());
    }

    @Override
    public final void run() {
        while (running) {
            try {
                round();
                backoff.reset();
            } catch (WakeupException e) {
                break;
            } catch (Exception e) {
                Duration wait = backoff.next();
                failed(e, wait);
                pause(wait);
            } finally {
                consumer = null;
            }
        }
    }

    /** Waits, unless the service is stopping. */
    protected static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
