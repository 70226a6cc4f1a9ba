package io.colortracking.counter.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Both events topics, read as ordered batches (one poll each) and handed to {@link BatchCounting}.
 * The connector keeps polling while a batch is counted, so the next one is read meanwhile; batches
 * are still counted one after the other, in order.
 */
@ApplicationScoped
public class ColorEventsListener {

    /** The channel over {@code click_on_colors} and {@code hover_on_colors} (one consumer, one group). */
    public static final String CHANNEL = "color-events";

    private final BatchCounting counting;

    public ColorEventsListener(BatchCounting counting) {
        this.counting = counting;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void count(ConsumerRecords<String, EventValue> records) throws InterruptedException {
        counting.count(records);
    }
}
