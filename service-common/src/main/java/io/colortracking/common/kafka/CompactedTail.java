package io.colortracking.common.kafka;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The reading state of a channel that tails a compacted topic from its beginning in every
 * instance (a group of its own per instance, so every instance holds the whole state): whether it
 * has applied everything the topic held when its partitions were first assigned (then a view built
 * from it may serve), and how far behind it is.
 */
public final class CompactedTail {

    private static final Logger LOG = Logger.getLogger(CompactedTail.class);

    private final String channel;
    private final KafkaClientService kafka;
    /** Per partition, the end offset still to reach; empty once caught up. */
    private final Map<TopicPartition, Long> toReach = new ConcurrentHashMap<>();

    private final AtomicBoolean lagRequested = new AtomicBoolean();
    private volatile boolean assigned;
    private volatile boolean caughtUp;
    private volatile long lag;

    public CompactedTail(String channel, KafkaClientService kafka) {
        this.channel = channel;
        this.kafka = kafka;
    }

    /**
     * From the channel's rebalance listener, on its polling thread: reads the partitions from their
     * beginning, and on the first assignment notes the end offsets to reach.
     */
    public void assigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        consumer.seekToBeginning(partitions);
        if (assigned || partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        for (TopicPartition partition : partitions) {
            if (ends.get(partition) > beginnings.get(partition)) {
                toReach.put(partition, ends.get(partition));
            }
        }
        assigned = true;
        checkCaughtUp();
    }

    /** After the channel applied these records: moves towards caught up, and refreshes the lag. */
    public void applied(ConsumerRecords<?, ?> records) {
        if (!caughtUp) {
            for (TopicPartition partition : records.partitions()) {
                var inPartition = records.records(partition);
                ConsumerRecord<?, ?> last = inPartition.get(inPartition.size() - 1);
                toReach.computeIfPresent(partition, (p, end) -> last.offset() + 1 >= end ? null : end);
            }
            checkCaughtUp();
        }
        refreshLag();
    }

    /** Whether everything that was in the topic when this instance started has been applied. */
    public boolean isCaughtUp() {
        return caughtUp;
    }

    /** Records written to the topic and not applied yet, as of the last batch. */
    public long lag() {
        return lag;
    }

    private void checkCaughtUp() {
        if (assigned && toReach.isEmpty() && !caughtUp) {
            caughtUp = true;
            LOG.infof("Caught up with %s", channel);
        }
    }

    /** Asked on the polling thread (the consumer is not thread-safe), one request at a time. */
    private void refreshLag() {
        if (!lagRequested.compareAndSet(false, true)) {
            return;
        }
        kafka.getConsumer(channel)
                .runOnPollingThread(consumer -> {
                    long behind = 0;
                    for (TopicPartition partition : consumer.assignment()) {
                        behind += consumer.currentLag(partition).orElse(0);
                    }
                    return behind;
                })
                .subscribe()
                .with(
                        behind -> {
                            lag = behind;
                            lagRequested.set(false);
                        },
                        failure -> lagRequested.set(false));
    }
}
